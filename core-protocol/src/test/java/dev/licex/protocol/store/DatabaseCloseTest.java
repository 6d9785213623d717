package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.licex.protocol.server.ServerRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store replaced under running requests (a simulated crash) lets the work already on it finish,
 * including work still waiting for a connection, which a plain close left waiting for the pool's
 * whole connection timeout of 30 s.
 */
class DatabaseCloseTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor();
    /** The driver's own connections under the pool's, as the units of work saw them. */
    private final List<Connection> physical = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
        checks.shutdownNow();
    }

    @Test
    void workWaitingForAConnectionFinishesBeforeTheStoreCloses() throws Exception {
        DatabaseConfig twoConnections = DatabaseConfig.h2InMemory("close-" + UUID.randomUUID()).withPoolSize(2);
        Database db = Database.open(twoConnections, ServerRuntime.MIGRATIONS);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holders.add(holdAConnection(db, holding, release));
        }
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("both connections taken").isTrue();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> db.transaction(c -> "done"), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.waitingForConnection() > 0);

        CompletableFuture<Void> closed = db.closeWhenDrained(Duration.ofSeconds(20), checks);
        release.countDown();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        closed.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> holder : holders) {
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> db.transaction(c -> null)).isInstanceOf(StoreException.class);
    }

    @Test
    void aDrainStillWaitingClosesThePoolWhenItsSchedulerShutsDown() throws Exception {
        Database db = Database.open(DatabaseConfig.h2InMemory("drain-" + UUID.randomUUID()), ServerRuntime.MIGRATIONS);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdAConnection(db, holding, release);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = db.closeWhenDrained(Duration.ofMinutes(5), checks);
        checks.shutdown();

        closed.get(10, TimeUnit.SECONDS);
        release.countDown();
        assertThatThrownBy(() -> db.transaction(c -> null)).isInstanceOf(StoreException.class);
        holder.exceptionally(t -> null).get(10, TimeUnit.SECONDS);
        // H2 ignores the abort with which the pool closed under it: left open, the session lived on
        // until garbage collection, and H2 then logged an error into the next store's trace file
        assertThat(physical).singleElement().satisfies(c -> assertThat(c.isClosed()).isTrue());
    }

    /** A unit of work that counts {@code holding} down once it has its connection and keeps it until released. */
    private CompletableFuture<Void> holdAConnection(Database db, CountDownLatch holding, CountDownLatch release) {
        return CompletableFuture.runAsync(() -> db.transaction(c -> {
            physical.add(c.unwrap(Connection.class));
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new SQLException(e);
            }
            return null;
        }), threads);
    }
}

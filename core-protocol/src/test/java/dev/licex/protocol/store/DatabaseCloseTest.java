package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.server.ServerRuntime;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void workWaitingForAConnectionFinishesBeforeTheStoreCloses() throws Exception {
        DatabaseConfig twoConnections = DatabaseConfig.h2InMemory("close-" + UUID.randomUUID()).withPoolSize(2);
        Database db = Database.open(twoConnections, ServerRuntime.MIGRATIONS);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holders.add(CompletableFuture.runAsync(() -> db.transaction(c -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new SQLException(e);
                }
                return null;
            }), threads));
        }
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("both connections taken").isTrue();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> db.transaction(c -> "done"), threads);
        while (db.waitingForConnection() == 0) {
            Thread.sleep(5);
        }

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> db.closeWhenDrained(Duration.ofSeconds(20)),
                threads);
        release.countDown();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        closing.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> holder : holders) {
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> db.transaction(c -> null)).isInstanceOf(StoreException.class);
    }
}

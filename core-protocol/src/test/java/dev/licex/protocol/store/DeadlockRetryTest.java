package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.testing.postgres.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL deadlock: two units of work lock two rows in opposite orders. PostgreSQL
 * aborts one of them (SQLState 40P01); {@link Database#transaction} runs it again, so both commit
 * and the caller never sees the failure.
 */
@EnabledIfSystemProperty(named = TestPostgres.STORE_PROPERTY, matches = "postgres")
class DeadlockRetryTest {

    @TempDir
    Path dir;

    @Test
    void aDeadlockIsRetriedUntilBothUnitsOfWorkCommit() throws Exception {
        try (Database db = Database.open(TestPostgres.database(dir), ServerRuntime.MIGRATIONS)) {
            db.transaction(c -> update(c, "CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL);"
                    + "INSERT INTO counters VALUES (1, 0), (2, 0)"));
            CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
            AtomicInteger attempts = new AtomicInteger();

            // two threads of their own: the common pool may have a single one on a 2-core machine
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture<Void> forward = CompletableFuture.runAsync(
                        () -> crossing(db, 1, 2, bothHoldTheirFirstRow, attempts), threads);
                CompletableFuture<Void> backward = CompletableFuture.runAsync(
                        () -> crossing(db, 2, 1, bothHoldTheirFirstRow, attempts), threads);
                CompletableFuture.allOf(forward, backward).get(60, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }

            assertThat(attempts.get()).as("one of the two ran twice").isEqualTo(3);
            assertThat(db.counters().retries()).isEqualTo(1);
            int total = db.transaction(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT SUM(n) FROM counters")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(total).as("each unit of work counted once in each row").isEqualTo(4);
        }
    }

    private static void crossing(Database db, int first, int second, CyclicBarrier barrier, AtomicInteger attempts) {
        AtomicInteger mine = new AtomicInteger();
        db.transaction(c -> {
            attempts.incrementAndGet();
            update(c, "UPDATE counters SET n = n + 1 WHERE id = " + first);
            if (mine.incrementAndGet() == 1) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            update(c, "UPDATE counters SET n = n + 1 WHERE id = " + second);
            return null;
        });
    }

    private static Void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}

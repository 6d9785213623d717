package dev.licex.protocol.crash;

import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.Migrations;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link EmbeddedStoreKillTest}: opens an H2 file store as licex does and,
 * from several threads at once (so commits are written in groups), commits rows of very
 * different sizes, printing {@code ACK <id>} once each commit returned, while another thread
 * compacts the store as the server does (rows of {@code kept} are never changed again, so their
 * pages are the ones compaction moves). After its count of
 * commits it waits to be killed, or with {@code exit} closes the store and ends as an
 * application quits. With {@code journaled}, its tables carry the commit journal's trigger, so its
 * commits are made durable by the journal instead.
 */
public final class CommitWorker {

    /** The worker's own tables, which the compaction test also uses. */
    public static final Migrations MIGRATIONS = new Migrations("db/commit-worker", "1");
    /** The same tables, journaled as the server's are ({@link JournalKillTest}). */
    public static final Migrations JOURNALED = new Migrations("db/commit-worker-journaled", "1");
    private static final int THREADS = 4;
    private static final int CHURN_ROWS = 50;
    private static final int MAX_BODY = 60_000;

    private CommitWorker() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseConfig licex = DatabaseConfig.h2(Path.of(args[0]), "store");
        // dead chunks' space is reused at once instead of after 45 s (see EmbeddedStoreKillTest)
        DatabaseConfig config = new DatabaseConfig(licex.jdbcUrl() + ";RETENTION_TIME=0", licex.user(),
                licex.password(), licex.poolSize(), licex.location());
        int commitsPerThread = Integer.parseInt(args[1]);
        List<String> options = List.of(args).subList(2, args.length);
        try (Database db = Database.open(config, options.contains("journaled") ? JOURNALED : MIGRATIONS)) {
            System.out.println("READY");
            ScheduledExecutorService compaction = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().factory());
            compaction.scheduleWithFixedDelay(() -> {
                if (db.compact(256 << 10)) {
                    System.out.println("COMPACTED");
                }
            }, 0, 2, TimeUnit.MILLISECONDS);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().start(() -> commit(db, commitsPerThread)));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (options.contains("exit")) {
                compaction.shutdownNow();
                compaction.awaitTermination(10, TimeUnit.SECONDS);
                return;
            }
            // parked with the store open until the test kills this process
            new CountDownLatch(1).await();
        }
    }

    private static void commit(Database db, int commits) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < commits; i++) {
            UUID id = UUID.randomUUID();
            db.transaction(c -> {
                try (PreparedStatement keep = c.prepareStatement("INSERT INTO kept VALUES (?, ?)");
                        PreparedStatement churn = c.prepareStatement("MERGE INTO churn KEY (k) VALUES (?, ?)")) {
                    keep.setObject(1, id);
                    keep.setString(2, "k".repeat(random.nextInt(MAX_BODY)));
                    keep.executeUpdate();
                    churn.setInt(1, random.nextInt(CHURN_ROWS));
                    churn.setString(2, "c".repeat(random.nextInt(MAX_BODY)));
                    churn.executeUpdate();
                }
                return null;
            });
            System.out.println("ACK " + id);
        }
    }
}

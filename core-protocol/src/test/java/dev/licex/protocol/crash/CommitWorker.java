package dev.licex.protocol.crash;

import dev.licex.protocol.store.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link EmbeddedStoreKillTest}: opens an H2 file with licex's settings and
 * commits rows of very different sizes, printing {@code ACK <id>} once each commit returned.
 * After its count of commits it waits to be killed, or with {@code exit} closes the store and ends
 * as an application quits.
 */
public final class CommitWorker {

    private static final int CHURN_ROWS = 50;
    private static final int MAX_BODY = 60_000;

    private CommitWorker() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseConfig config = DatabaseConfig.h2(Path.of(args[0]), "store");
        int commits = Integer.parseInt(args[1]);
        Random random = new Random();
        // dead chunks' space is reused at once instead of after 45 s (see EmbeddedStoreKillTest)
        try (Connection c = DriverManager.getConnection(config.jdbcUrl() + ";RETENTION_TIME=0", config.user(),
                config.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS kept (id UUID PRIMARY KEY, body VARCHAR(1000000))");
                // rewritten again and again, so whole chunks die and the store reuses their space
                s.execute("CREATE TABLE IF NOT EXISTS churn (k INT PRIMARY KEY, body VARCHAR(1000000))");
            }
            c.commit();
            System.out.println("READY");
            try (PreparedStatement keep = c.prepareStatement("INSERT INTO kept VALUES (?, ?)");
                    PreparedStatement churn = c.prepareStatement("MERGE INTO churn KEY (k) VALUES (?, ?)")) {
                for (int i = 0; i < commits; i++) {
                    UUID id = UUID.randomUUID();
                    keep.setObject(1, id);
                    keep.setString(2, "k".repeat(random.nextInt(MAX_BODY)));
                    keep.executeUpdate();
                    churn.setInt(1, random.nextInt(CHURN_ROWS));
                    churn.setString(2, "c".repeat(random.nextInt(MAX_BODY)));
                    churn.executeUpdate();
                    c.commit();
                    System.out.println("ACK " + id);
                }
            }
            if (args.length > 2 && args[2].equals("exit")) {
                return;
            }
            // parked with the store open until the test kills this process
            new CountDownLatch(1).await();
        }
    }
}

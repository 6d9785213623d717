package dev.licex.benchmarks;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Fills a server store with completed acquisitions, to measure whether the server's cost stays
 * flat as data grows: {@code java -cp benchmarks/target/benchmarks.jar dev.licex.benchmarks.Prefill
 * DIR N}. The rows are what real acquisitions leave (transaction with its stored answer, rights,
 * ledger counts), written in large batches; the demo catalog is seeded first if the store is new.
 * Every stored answer carries the same signature: signing a million rights would take the JDK's
 * Ed25519 minutes, and nobody verifies the answers of finished transactions.
 */
public final class Prefill {

    private static final int BATCH = 5_000;

    private Prefill() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(folder);
        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(folder, "server"), new EventBus(),
                Clock.systemUTC())) {
            DemoCatalog.seed(server, 10_000_000);
            String offer = DemoCatalog.offers(0).get(0).offerId();
            var key = server.keys().active();
            String signature = key.sign(Json.tree(new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice",
                    UUID.randomUUID(), offer, "c-" + offer, new Rules(10, null, null), Instant.now().toString())));
            UUID device = UUID.randomUUID();
            long started = System.nanoTime();
            for (int done = 0; done < count; done += BATCH) {
                int size = Math.min(BATCH, count - done);
                server.database().transaction(c -> {
                    insert(c, key.keyId(), signature, device, offer, size);
                    return null;
                });
                if ((done / BATCH) % 20 == 0) {
                    System.out.printf("%,d of %,d%n", done + size, count);
                }
            }
            System.out.printf("prefilled %,d completed acquisitions in %.1f s%n", count,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static void insert(Connection c, String keyId, String signature, UUID device, String offer, int size)
            throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement tx = c.prepareStatement("INSERT INTO transactions (account_id, transaction_id, "
                + "device_id, kind, state, offer_id, rights_id, response_status, response_body, created_at, updated_at) "
                + "VALUES ('alice',?,?,'ACQUIRE','COMPLETED',?,?,200,?,?,?)");
                PreparedStatement rights = c.prepareStatement("INSERT INTO rights (rights_id, account_id, "
                        + "transaction_id, device_id, offer_id, state, issued_at) VALUES (?,'alice',?,?,?,'ACTIVE',?)");
                PreparedStatement stock = c.prepareStatement("UPDATE stock SET stock = stock - ?, issued = issued + ?, "
                        + "completed = completed + ? WHERE account_id = 'alice' AND offer_id = ?")) {
            for (int i = 0; i < size; i++) {
                UUID tid = Uuids.v7();
                UUID rightsId = Uuids.v7();
                String issuedAt = Instant.ofEpochMilli(now).toString();
                Rights r = new Rights(rightsId, tid, "alice", device, offer, "c-" + offer, new Rules(10, null, null),
                        issuedAt);
                var tree = Json.tree(r);
                String body = Json.writeString(new IssuedRights(tid, ServerState.ISSUED, tree, signature, keyId));
                tx.setObject(1, tid);
                tx.setObject(2, device);
                tx.setString(3, offer);
                tx.setObject(4, rightsId);
                tx.setString(5, body);
                tx.setLong(6, now);
                tx.setLong(7, now);
                tx.addBatch();
                rights.setObject(1, rightsId);
                rights.setObject(2, tid);
                rights.setObject(3, device);
                rights.setString(4, offer);
                rights.setLong(5, now);
                rights.addBatch();
            }
            tx.executeBatch();
            rights.executeBatch();
            stock.setInt(1, size);
            stock.setInt(2, size);
            stock.setInt(3, size);
            stock.setString(4, offer);
            stock.executeUpdate();
        }
    }
}

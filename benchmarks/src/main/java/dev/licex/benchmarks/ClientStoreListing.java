package dev.licex.benchmarks;

import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsSeal;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.store.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * How long a device store with many rights takes to open and list with every status checked, as
 * the app's My licenses and {@code licex licenses} do:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.licex.benchmarks.ClientStoreListing DIR 100000}.
 * Fills the store the first time as the engine would have (rights signed by a server key the
 * device has pinned, each sealed by the device), then times five rounds of open, list and status,
 * each in a fresh store.
 */
public final class ClientStoreListing {

    private static final int BATCH = 1_000;

    private ClientStoreListing() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        DatabaseConfig config = DatabaseConfig.h2(dir, "device");
        UUID deviceId;
        try (ClientStore store = ClientStore.open(config, new EventBus(), Clock.systemUTC())) {
            deviceId = store.deviceId();
        }
        int held = countRights(config);
        if (held < count) {
            long began = System.nanoTime();
            fill(config, deviceId, count - held);
            System.out.printf("filled %d rights in %.1f s%n", count - held, (System.nanoTime() - began) / 1e9);
        }
        for (int round = 1; round <= 5; round++) {
            long began = System.nanoTime();
            try (ClientStore store = ClientStore.open(config, new EventBus(), Clock.systemUTC())) {
                long opened = System.nanoTime();
                List<HeldRights> rights = store.rights();
                long listed = System.nanoTime();
                long valid = store.statuses(rights).stream().filter(status -> status == RightsStatus.VALID).count();
                long done = System.nanoTime();
                System.out.printf("round %d: open %.0f ms, list %d rights %.0f ms, check them (%d valid) %.0f ms, "
                        + "total %.0f ms%n", round, (opened - began) / 1e6, rights.size(), (listed - opened) / 1e6,
                        valid, (done - listed) / 1e6, (done - began) / 1e6);
            }
        }
    }

    private static int countRights(DatabaseConfig config) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM rights");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void fill(DatabaseConfig config, UUID deviceId, int count) throws Exception {
        SigningKey key = SigningKey.generate("k-listing-" + UUID.randomUUID().toString().substring(0, 8));
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_keys (key_id, x, first_seen) "
                    + "VALUES (?,?,?)")) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.jwk().x());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            RightsSeal seal;
            try (PreparedStatement ps = c.prepareStatement("SELECT seal_key FROM device");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                seal = RightsSeal.of(rs.getString(1));
            }
            for (int start = 0; start < count; start += BATCH) {
                List<String[]> rows = IntStream.range(start, Math.min(count, start + BATCH)).parallel()
                        .mapToObj(i -> signed(key, deviceId, i)).toList();
                insert(c, rows, key.keyId(), seal, deviceId);
                c.commit();
            }
        }
    }

    /** {transactionId, rightsId, offerId, body, signature} */
    private static String[] signed(SigningKey key, UUID deviceId, int i) {
        Rights rights = new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice", deviceId, "film-" + (i % 500),
                "c-" + (i % 500), new Rules(10, "2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z"),
                "2026-11-25T10:00:00Z");
        String body = new String(Json.write(rights), java.nio.charset.StandardCharsets.UTF_8);
        String signature = key.sign(Json.tree(rights));
        return new String[] {rights.transactionId().toString(), rights.rightsId().toString(), rights.offerId(), body,
                signature};
    }

    private static void insert(Connection c, List<String[]> rows, String keyId, RightsSeal seal, UUID deviceId)
            throws Exception {
        long now = System.currentTimeMillis();
        try (PreparedStatement tx = c.prepareStatement("INSERT INTO transactions (transaction_id, kind, state, "
                + "offer_id, rights_id, server, created_at, updated_at) VALUES (?, 'ACQUIRE', 'COMPLETED', ?, ?, "
                + "'benchmark', ?, ?)");
                PreparedStatement rights = c.prepareStatement("INSERT INTO rights (rights_id, transaction_id, "
                        + "offer_id, content_id, body, signature, key_id, stored_at, seal) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (String[] row : rows) {
                UUID tid = UUID.fromString(row[0]);
                UUID rid = UUID.fromString(row[1]);
                tx.setObject(1, tid);
                tx.setString(2, row[2]);
                tx.setObject(3, rid);
                tx.setLong(4, now);
                tx.setLong(5, now);
                tx.addBatch();
                rights.setObject(1, rid);
                rights.setObject(2, tid);
                rights.setString(3, row[2]);
                rights.setString(4, "c-" + row[2]);
                rights.setString(5, row[3]);
                rights.setString(6, row[4]);
                rights.setString(7, keyId);
                rights.setLong(8, now);
                rights.setString(9, seal.seal(deviceId, keyId, row[4], row[3]));
                rights.addBatch();
            }
            tx.executeBatch();
            rights.executeBatch();
        }
    }
}

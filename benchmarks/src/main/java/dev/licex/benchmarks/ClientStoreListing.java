package dev.licex.benchmarks;

import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import dev.licex.protocol.rights.Custody;
import dev.licex.protocol.rights.ListedRights;
import dev.licex.protocol.rights.ListingEntry;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * How long a device store with many rights takes to open and list with every status checked, as
 * the app's My licenses and {@code licex licenses} do:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.licex.benchmarks.ClientStoreListing DIR 100000}.
 * Fills the store the first time as the engine would have (rights signed by a server key the
 * device has pinned, each sealed by the device), then times five rounds, each in a fresh store:
 * open; the count and the first screen (200 rows, what My licenses shows at once and more than a
 * page of {@code licex licenses}); the rest, which the app reads while the user looks at the first.
 */
public final class ClientStoreListing {

    private static final int BATCH = 1_000;
    private static final int FIRST_SCREEN = 200;

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
                int total = store.rightsCount();
                List<ListingEntry> first = store.listing(0, FIRST_SCREEN);
                long shown = System.nanoTime();
                List<ListingEntry> rest = store.listing(FIRST_SCREEN, Integer.MAX_VALUE);
                long done = System.nanoTime();
                long valid = java.util.stream.Stream.concat(first.stream(), rest.stream())
                        .filter(entry -> entry.status() == RightsStatus.VALID).count();
                System.out.printf("round %d: open %.0f ms, count %d and first %d rows %.0f ms (open + first screen "
                        + "%.0f ms), the other %d rows %.0f ms (%d of all valid), total %.0f ms%n", round,
                        (opened - began) / 1e6, total, first.size(), (shown - opened) / 1e6, (shown - began) / 1e6,
                        rest.size(), (done - shown) / 1e6, valid, (done - began) / 1e6);
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
                List<Signed> rows = IntStream.range(start, Math.min(count, start + BATCH)).parallel()
                        .mapToObj(i -> signed(key, deviceId, i)).toList();
                insert(c, rows, key.keyId(), seal, deviceId);
                c.commit();
            }
        }
    }

    private record Signed(Rights rights, String body, String signature) {
    }

    private static Signed signed(SigningKey key, UUID deviceId, int i) {
        Rights rights = new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice", deviceId, "film-" + (i % 500),
                "c-" + (i % 500), new Rules(10, "2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z"),
                "2026-11-25T10:00:00Z");
        String body = new String(Json.write(rights), java.nio.charset.StandardCharsets.UTF_8);
        return new Signed(rights, body, key.sign(Json.tree(rights)));
    }

    private static void insert(Connection c, List<Signed> rows, String keyId, RightsSeal seal, UUID deviceId)
            throws Exception {
        long now = System.currentTimeMillis();
        try (PreparedStatement tx = c.prepareStatement("INSERT INTO transactions (transaction_id, kind, state, "
                + "offer_id, rights_id, label, server, created_at, updated_at) VALUES (?, 'ACQUIRE', 'COMPLETED', ?, ?, "
                + "?, 'benchmark', ?, ?)");
                PreparedStatement rights = c.prepareStatement("INSERT INTO rights (rights_id, transaction_id, "
                        + "offer_id, content_id, title, plays, not_before, not_after, body, signature, key_id, "
                        + "stored_at, seal) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Signed row : rows) {
                String title = "Film number " + row.rights().offerId();
                ListedRights listed = ListedRights.of(row.rights(), title, 0, Instant.ofEpochMilli(now), Custody.HELD);
                tx.setObject(1, listed.transactionId());
                tx.setString(2, listed.offerId());
                tx.setObject(3, listed.rightsId());
                tx.setString(4, title);
                tx.setLong(5, now);
                tx.setLong(6, now);
                tx.addBatch();
                rights.setObject(1, listed.rightsId());
                rights.setObject(2, listed.transactionId());
                rights.setString(3, listed.offerId());
                rights.setString(4, listed.contentId());
                rights.setString(5, title);
                rights.setInt(6, listed.plays());
                rights.setLong(7, listed.notBefore().toEpochMilli());
                rights.setLong(8, listed.notAfter().toEpochMilli());
                rights.setString(9, row.body());
                rights.setString(10, row.signature());
                rights.setString(11, keyId);
                rights.setLong(12, now);
                rights.setString(13, seal.seal(deviceId, keyId, row.signature(), row.body(), listed));
                rights.addBatch();
            }
            tx.executeBatch();
            rights.executeBatch();
        }
    }
}

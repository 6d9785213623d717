package dev.licex.protocol.client;

import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsIntegrity;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The device's durable store: its id, its transactions and their history, and the rights it
 * holds. Every method is one database transaction, committed before it returns, and announces
 * what it wrote as a {@link ProtocolEvent.Stored} event.
 */
public final class ClientStore implements AutoCloseable {

    /** Where the client's Flyway migrations live on the classpath. */
    public static final String MIGRATIONS = "db/client";

    private static final String TX_COLUMNS = "transaction_id, kind, state, offer_id, rights_id, label, server, "
            + "attempts, last_error, created_at, updated_at";
    private static final String RIGHTS_COLUMNS = "r.body, r.signature, r.key_id, r.plays_used, r.stored_at, t.label";

    private final Database db;
    private final ProtocolListener events;
    private final Clock clock;
    private final UUID deviceId;

    private ClientStore(Database db, ProtocolListener events, Clock clock) {
        this.db = db;
        this.events = events;
        this.clock = clock;
        this.deviceId = db.transaction(this::deviceId);
    }

    public static ClientStore open(DatabaseConfig config, ProtocolListener events, Clock clock) {
        return new ClientStore(Database.open(config, MIGRATIONS), events, clock);
    }

    private UUID deviceId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT device_id FROM device WHERE singleton = 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return rs.getObject(1, UUID.class);
            }
        }
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device (singleton, device_id, created_at) VALUES (1, ?, ?)")) {
            ps.setObject(1, id);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
        }
        return id;
    }

    public UUID deviceId() {
        return deviceId;
    }

    public String location() {
        return db.config().location();
    }

    /** Stores a new transaction id with the offer it is for, before anything is sent. */
    public ClientTransaction create(UUID tid, TransactionKind kind, String offerId, UUID rightsId, String label,
            String server) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO transactions (transaction_id, kind, state, "
                    + "offer_id, rights_id, label, server, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setObject(1, tid);
                ps.setString(2, kind.name());
                ps.setString(3, ClientState.CREATED.name());
                ps.setString(4, offerId);
                ps.setObject(5, rightsId);
                ps.setString(6, label);
                ps.setString(7, server);
                ps.setLong(8, now);
                ps.setLong(9, now);
                ps.executeUpdate();
            }
            history(c, tid, ClientState.CREATED, "generated T for " + (offerId != null ? offerId : rightsId), now);
            return null;
        });
        stored(tid, "stored new T for offer " + offerId + " before sending anything",
                new Holding(ClientState.CREATED.name(), offerId, rightsId, null, true, false));
        return find(tid).orElseThrow();
    }

    public Optional<ClientTransaction> find(UUID tid) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + TX_COLUMNS + " FROM transactions WHERE transaction_id = ?")) {
                ps.setObject(1, tid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(transaction(rs)) : Optional.<ClientTransaction>empty();
                }
            }
        });
    }

    /** Transactions recovery still has to finish, oldest first. */
    public List<ClientTransaction> unfinished() {
        return transactions(" WHERE state IN ('CREATED', 'OPENED', 'RIGHTS_STORED') ORDER BY created_at, transaction_id",
                Integer.MAX_VALUE);
    }

    /** The newest transactions first. */
    public List<ClientTransaction> transactions(int limit) {
        return transactions(" ORDER BY created_at DESC, transaction_id DESC", limit);
    }

    private List<ClientTransaction> transactions(String where, int limit) {
        return db.transaction(c -> {
            List<ClientTransaction> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TX_COLUMNS + " FROM transactions" + where)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(transaction(rs));
                    }
                }
            }
            return list;
        });
    }

    public List<HistoryEntry> history(UUID tid) {
        return db.transaction(c -> {
            List<HistoryEntry> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT at, state, detail FROM transaction_history WHERE transaction_id = ? ORDER BY id")) {
                ps.setObject(1, tid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new HistoryEntry(Instant.ofEpochMilli(rs.getLong(1)),
                                ClientState.valueOf(rs.getString(2)), rs.getString(3)));
                    }
                }
            }
            return list;
        });
    }

    /** Leg 2 arrived: the server holds T; the offer is already stored against it. */
    public void markOpened(UUID tid, String offerId) {
        transition(tid, ClientState.OPENED, "the server holds T; request for " + offerId + " stored", null,
                new Holding(ClientState.OPENED.name(), offerId, null, null, true, false));
    }

    /** The server does not know T (404 at leg 3): it must be opened again. */
    public void reopen(UUID tid, String reason) {
        transition(tid, ClientState.CREATED, reason, null,
                new Holding(ClientState.CREATED.name(), null, null, null, true, false));
    }

    /** Leg 4 arrived and verified: stores the rights and the new state in one transaction. */
    public void storeRights(UUID tid, Rights rights, String body, String signature, String keyId) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rights (rights_id, transaction_id, offer_id, "
                    + "content_id, body, signature, key_id, stored_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setObject(1, rights.rightsId());
                ps.setObject(2, tid);
                ps.setString(3, rights.offerId());
                ps.setString(4, rights.contentId());
                ps.setString(5, body);
                ps.setString(6, signature);
                ps.setString(7, keyId);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET state = ?, rights_id = ?, "
                    + "last_error = NULL, updated_at = ? WHERE transaction_id = ?")) {
                ps.setString(1, ClientState.RIGHTS_STORED.name());
                ps.setObject(2, rights.rightsId());
                ps.setLong(3, now);
                ps.setObject(4, tid);
                ps.executeUpdate();
            }
            history(c, tid, ClientState.RIGHTS_STORED, "verified and stored rights " + rights.rightsId(), now);
            return null;
        });
        stored(tid, "verified the signature and stored rights " + rights.rightsId(),
                new Holding(ClientState.RIGHTS_STORED.name(), rights.offerId(), rights.rightsId(), null, true, true));
    }

    /** Leg 6 arrived: T is archived; the rights stay. */
    public void markCompleted(UUID tid, UUID rightsId) {
        transition(tid, ClientState.COMPLETED, "the server confirmed completion; T archived", null,
                new Holding(ClientState.COMPLETED.name(), null, rightsId, null, false, true));
    }

    /** A final outcome other than completion: refused, failed or in conflict. */
    public void finish(UUID tid, ClientState state, String reason) {
        transition(tid, state, reason, reason, new Holding(state.name(), null, null, null, true, false));
    }

    /** Counts a failed attempt and remembers why, for the user and for recovery. */
    public void recordFailure(UUID tid, String error) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET attempts = attempts + 1, "
                    + "last_error = ?, updated_at = ? WHERE transaction_id = ?")) {
                ps.setString(1, truncate(error));
                ps.setLong(2, now);
                ps.setObject(3, tid);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void transition(UUID tid, ClientState state, String detail, String error, Holding holding) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET state = ?, last_error = ?, "
                    + "updated_at = ? WHERE transaction_id = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, truncate(error));
                ps.setLong(3, now);
                ps.setObject(4, tid);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("no transaction " + tid + " in the store");
                }
            }
            history(c, tid, state, detail, now);
            return null;
        });
        stored(tid, detail, holding);
    }

    private static void history(Connection c, UUID tid, ClientState state, String detail, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO transaction_history (transaction_id, at, state, detail) VALUES (?,?,?,?)")) {
            ps.setObject(1, tid);
            ps.setLong(2, now);
            ps.setString(3, state.name());
            ps.setString(4, truncate(detail));
            ps.executeUpdate();
        }
    }

    /** Every rights object held on this device, newest first. */
    public List<HeldRights> rights() {
        return db.transaction(c -> {
            List<HeldRights> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RIGHTS_COLUMNS + " FROM rights r "
                    + "JOIN transactions t ON t.transaction_id = r.transaction_id ORDER BY r.stored_at DESC, r.rights_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(held(rs));
                }
            }
            return list;
        });
    }

    public Optional<HeldRights> rights(UUID rightsId) {
        return db.transaction(c -> findRights(c, rightsId, ""));
    }

    /**
     * Uses one play of the rights, if their rules allow it now.
     *
     * @throws UseRefusedException when the rights are expired, not yet valid, used up or unknown
     */
    public HeldRights use(UUID rightsId) {
        Instant now = clock.instant();
        HeldRights used = db.transaction(c -> {
            HeldRights held = findRights(c, rightsId, " FOR UPDATE").orElseThrow(() ->
                    new UseRefusedException(RightsStatus.SIGNATURE_INVALID, "these rights are not on this device"));
            if (!RightsIntegrity.genuine(held, deviceId, pinnedKey(c, held.keyId()).orElse(null))) {
                throw new UseRefusedException(RightsStatus.SIGNATURE_INVALID, "these rights fail their signature "
                        + "check or belong to another device; they cannot be used");
            }
            RightsStatus status = held.statusAt(now);
            if (status != RightsStatus.VALID) {
                throw new UseRefusedException(status, refusal(status, held));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE rights SET plays_used = plays_used + 1 WHERE rights_id = ?")) {
                ps.setObject(1, rightsId);
                ps.executeUpdate();
            }
            return findRights(c, rightsId, "").orElseThrow();
        });
        stored(used.rights().transactionId(), "used one play of rights " + rightsId,
                new Holding("USED", used.rights().offerId(), rightsId, null, false, true));
        return used;
    }

    private static String refusal(RightsStatus status, HeldRights held) {
        return switch (status) {
            case NOT_YET_VALID -> "these rights are valid only from " + held.rights().rules().notBefore();
            case EXPIRED -> "these rights expired on " + held.rights().rules().notAfter();
            case USED_UP -> "all " + held.rights().rules().plays() + " plays of these rights are used";
            default -> "these rights cannot be used: " + status.label();
        };
    }

    private static Optional<HeldRights> findRights(Connection c, UUID rightsId, String suffix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RIGHTS_COLUMNS + " FROM rights r "
                + "JOIN transactions t ON t.transaction_id = r.transaction_id WHERE r.rights_id = ?" + suffix)) {
            ps.setObject(1, rightsId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(held(rs)) : Optional.empty();
            }
        }
    }

    private static HeldRights held(ResultSet rs) throws SQLException {
        String body = rs.getString(1);
        Rights rights = Json.read(body.getBytes(StandardCharsets.UTF_8), Rights.class);
        return new HeldRights(rights, body, rs.getString(2), rs.getString(3), rs.getInt(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6));
    }

    /** Keys of the server this device has seen, by key id: pinned once seen. */
    public Optional<Jwk> pinnedKey(String keyId) {
        return db.transaction(c -> pinnedKey(c, keyId));
    }

    private static Optional<Jwk> pinnedKey(Connection c, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT x FROM server_keys WHERE key_id = ?")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Jwk.ed25519(keyId, rs.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * The status of held rights as a user should see it: {@code SIGNATURE_INVALID} when the stored
     * rights are not genuine (edited, or copied from another device), else by their rules now.
     */
    public RightsStatus status(HeldRights held) {
        boolean genuine = RightsIntegrity.genuine(held, deviceId, pinnedKey(held.keyId()).orElse(null));
        return genuine ? held.statusAt(clock.instant()) : RightsStatus.SIGNATURE_INVALID;
    }

    public void pinKey(Jwk key) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO server_keys (key_id, x, first_seen) VALUES (?,?,?)")) {
                ps.setString(1, key.kid());
                ps.setString(2, key.x());
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void stored(UUID tid, String change, Holding holding) {
        events.on(new ProtocolEvent.Stored(clock.instant(), Side.CLIENT, tid, change, holding));
    }

    private static ClientTransaction transaction(ResultSet rs) throws SQLException {
        return new ClientTransaction(rs.getObject(1, UUID.class), TransactionKind.valueOf(rs.getString(2)),
                ClientState.valueOf(rs.getString(3)), rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6),
                rs.getString(7), rs.getInt(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.licex.protocol.client;

import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.rights.Custody;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.ListedRights;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsIntegrity;
import dev.licex.protocol.rights.RightsSeal;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.Migrations;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The device's durable store: its id, its transactions and their history, and the rights it
 * holds. Every method is one database transaction, committed before it returns, and announces
 * what it wrote as a {@link ProtocolEvent.Stored} event.
 */
public final class ClientStore implements AutoCloseable {

    /** The client's Flyway migrations. */
    public static final Migrations MIGRATIONS = new Migrations("db/client", "5");

    private static final String TX_COLUMNS = "transaction_id, kind, state, offer_id, rights_id, label, server, "
            + "attempts, last_error, created_at, updated_at";
    /** A rights row in full; {@link #row} reads it. */
    private static final String RIGHTS_COLUMNS = "rights_id, transaction_id, offer_id, content_id, title, plays, "
            + "not_before, not_after, plays_used, stored_at, custody, body, signature, key_id, seal";
    private static final String NEWEST_FIRST = " ORDER BY stored_at DESC, rights_id";

    private final Database db;
    private final ProtocolListener events;
    private final Clock clock;
    private final UUID deviceId;
    private final RightsSeal seal;

    private ClientStore(Database db, ProtocolListener events, Clock clock) {
        this.db = db;
        this.events = events;
        this.clock = clock;
        this.deviceId = db.transaction(this::deviceId);
        this.seal = RightsSeal.of(db.transaction(ClientStore::sealSecret));
    }

    private static String sealSecret(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seal_key FROM device WHERE singleton = 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getString(1) != null) {
                return rs.getString(1);
            }
        }
        String secret = RightsSeal.newSecret();
        try (PreparedStatement ps = c.prepareStatement("UPDATE device SET seal_key = ? WHERE singleton = 1")) {
            ps.setString(1, secret);
            ps.executeUpdate();
        }
        return secret;
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

    /** Stores a new acquisition's transaction id with the offer it is for, before anything is sent. */
    public ClientTransaction create(UUID tid, String offerId, String label, String server) {
        long now = clock.millis();
        db.transaction(c -> {
            insertTransaction(c, tid, TransactionKind.ACQUIRE, offerId, null, label, server, now);
            history(c, tid, ClientState.CREATED, "generated T for offer " + offerId, now);
            return null;
        });
        stored(tid, "stored new T for offer " + offerId + " before sending anything",
                new Holding(ClientState.CREATED.name(), offerId, null, null, true, false));
        return find(tid).orElseThrow();
    }

    /**
     * Starts a return: stores its transaction id and, in the same database transaction, makes the
     * rights unusable. Only rights of a completed acquisition, simply held, can be returned.
     *
     * @throws IllegalStateException with a reason for the user when the rights cannot be returned
     */
    public ClientTransaction createReturn(UUID tid, UUID rightsId, String server) {
        long now = clock.millis();
        HeldRights held = db.transaction(c -> {
            HeldRights rights = findRights(c, rightsId, " FOR UPDATE").orElseThrow(() ->
                    new IllegalStateException("rights " + rightsId + " are not on this device"));
            if (rights.custody() != Custody.HELD) {
                throw new IllegalStateException("these rights are already " + rights.statusAt(clock.instant()).label());
            }
            ClientTransaction acquisition = find(c, rights.rights().transactionId()).orElseThrow();
            if (acquisition.state() != ClientState.COMPLETED) {
                throw new IllegalStateException("the acquisition of these rights is not finished yet ("
                        + acquisition.state() + "); recover it first");
            }
            insertTransaction(c, tid, TransactionKind.RETURN, rights.rights().offerId(), rightsId, rights.label(),
                    server, now);
            setCustody(c, rightsId, Custody.BEING_RETURNED);
            history(c, tid, ClientState.CREATED, "generated T to return rights " + rightsId
                    + "; the rights are unusable from now on", now);
            return rights;
        });
        stored(tid, "stored new T to return rights " + rightsId + "; they are unusable from now on",
                new Holding(ClientState.CREATED.name(), held.rights().offerId(), rightsId, null, true, false));
        return find(tid).orElseThrow();
    }

    private static void insertTransaction(Connection c, UUID tid, TransactionKind kind, String offerId, UUID rightsId,
            String label, String server, long now) throws SQLException {
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
    }

    public Optional<ClientTransaction> find(UUID tid) {
        return db.transaction(c -> find(c, tid));
    }

    private static Optional<ClientTransaction> find(Connection c, UUID tid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + TX_COLUMNS + " FROM transactions WHERE transaction_id = ?")) {
            ps.setObject(1, tid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(transaction(rs)) : Optional.empty();
            }
        }
    }

    /** Transactions recovery still has to finish, oldest first. */
    public List<ClientTransaction> unfinished() {
        return transactions(" WHERE state IN ('CREATED', 'OPENED', 'RIGHTS_STORED', 'RETURNED', 'CANCELLING') "
                + "ORDER BY created_at, transaction_id", Integer.MAX_VALUE);
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

    /*
     * Every state change below is conditional on the state it starts from. A drive and a user's
     * cancellation can race on one transaction; whichever writes second finds the state moved and
     * changes nothing, so for example rights arriving after a cancellation began are never stored.
     * Each returns whether it applied.
     */

    /** Leg 2 arrived: the server holds T; the offer (or the rights to return) is already stored against it. */
    public boolean markOpened(UUID tid) {
        return transition(tid, EnumSet.of(ClientState.CREATED), ClientState.OPENED,
                "the server holds T; the request is stored against it", null);
    }

    /** The server does not know T (404 at leg 3): it must be opened again. */
    public boolean reopen(UUID tid, String reason) {
        return transition(tid, EnumSet.of(ClientState.OPENED), ClientState.CREATED, reason, null);
    }

    /** Leg 4 arrived and verified: stores the rights and the new state in one transaction. */
    public boolean storeRights(UUID tid, Rights rights, String body, String signature, String keyId) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, EnumSet.of(ClientState.OPENED), ClientState.RIGHTS_STORED, rights.rightsId(), null,
                    now)) {
                return false;
            }
            ListedRights listed = ListedRights.of(rights, find(c, tid).orElseThrow().label(), 0,
                    Instant.ofEpochMilli(now), Custody.HELD);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rights (rights_id, transaction_id, offer_id, "
                    + "content_id, title, plays, not_before, not_after, body, signature, key_id, stored_at, seal) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setObject(1, listed.rightsId());
                ps.setObject(2, tid);
                ps.setString(3, listed.offerId());
                ps.setString(4, listed.contentId());
                ps.setString(5, listed.title());
                ps.setObject(6, listed.plays(), Types.INTEGER);
                ps.setObject(7, millis(listed.notBefore()), Types.BIGINT);
                ps.setObject(8, millis(listed.notAfter()), Types.BIGINT);
                ps.setString(9, body);
                ps.setString(10, signature);
                ps.setString(11, keyId);
                ps.setLong(12, now);
                ps.setString(13, seal.seal(deviceId, keyId, signature, body, listed));
                ps.executeUpdate();
            }
            history(c, tid, ClientState.RIGHTS_STORED, "verified and stored rights " + rights.rightsId(), now);
            return true;
        });
        if (applied) {
            stored(tid, "verified the signature and stored rights " + rights.rightsId(), new Holding(
                    ClientState.RIGHTS_STORED.name(), rights.offerId(), rights.rightsId(), null, true, true));
        }
        return applied;
    }

    /** The return's leg 4 arrived: the server took the rights back, so the device deletes them. */
    public boolean markReturned(UUID tid, UUID rightsId) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, EnumSet.of(ClientState.OPENED), ClientState.RETURNED, rightsId, null, now)) {
                return false;
            }
            deleteRights(c, "rights_id", rightsId);
            history(c, tid, ClientState.RETURNED, "the server took rights " + rightsId + " back; deleted them", now);
            return true;
        });
        if (applied) {
            stored(tid, "the server took the rights back; deleted rights " + rightsId,
                    new Holding(ClientState.RETURNED.name(), null, rightsId, null, true, false));
        }
        return applied;
    }

    /** Leg 6 arrived: T is archived. */
    public boolean markCompleted(UUID tid, UUID rightsId, boolean rightsHeld) {
        return transition(tid, EnumSet.of(ClientState.RIGHTS_STORED, ClientState.RETURNED), ClientState.COMPLETED,
                "the server confirmed completion; T archived", null,
                new Holding(ClientState.COMPLETED.name(), null, rightsId, null, false, rightsHeld));
    }

    /**
     * Begins cancelling an unfinished acquisition: from this commit on, the rights of T (if they
     * arrived) are never used. They stay in the store, unusable, until the server confirms.
     *
     * @return false when the acquisition is no longer cancellable (it finished meanwhile)
     */
    public boolean beginCancel(UUID tid) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, EnumSet.of(ClientState.CREATED, ClientState.OPENED, ClientState.RIGHTS_STORED),
                    ClientState.CANCELLING, null, null, now)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET custody = ? WHERE transaction_id = ?")) {
                ps.setString(1, Custody.BEING_CANCELLED.name());
                ps.setObject(2, tid);
                ps.executeUpdate();
            }
            history(c, tid, ClientState.CANCELLING, "cancelling: the rights of T will never be used", now);
            return true;
        });
        if (applied) {
            stored(tid, "recorded the cancellation; the rights of T are unusable from now on",
                    new Holding(ClientState.CANCELLING.name(), null, null, null, true, false));
        }
        return applied;
    }

    /** The server confirmed the cancellation, or never knew T: deletes the rights of T, if any. */
    public boolean markCancelled(UUID tid, String detail) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, EnumSet.of(ClientState.CANCELLING), ClientState.CANCELLED, null, null, now)) {
                return false;
            }
            deleteRights(c, "transaction_id", tid);
            history(c, tid, ClientState.CANCELLED, detail, now);
            return true;
        });
        if (applied) {
            stored(tid, detail, new Holding(ClientState.CANCELLED.name(), null, null, null, false, false));
        }
        return applied;
    }

    /**
     * The server refused the cancellation because it already completed T: it counts the rights as
     * delivered, so the device keeps them, usable again, and completes T.
     */
    public boolean abandonCancel(UUID tid, String detail) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, EnumSet.of(ClientState.CANCELLING), ClientState.RIGHTS_STORED, null, detail, now)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET custody = ? WHERE transaction_id = ?")) {
                ps.setString(1, Custody.HELD.name());
                ps.setObject(2, tid);
                ps.executeUpdate();
            }
            history(c, tid, ClientState.RIGHTS_STORED, detail, now);
            return true;
        });
        if (applied) {
            stored(tid, detail, new Holding(ClientState.RIGHTS_STORED.name(), null, null, null, true, true));
        }
        return applied;
    }

    /** Whether rights of this transaction are in the store (in any custody). */
    public boolean holdsRightsOf(UUID tid) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rights WHERE transaction_id = ?")) {
                ps.setObject(1, tid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A final outcome other than completion: refused, failed or in conflict. */
    public boolean finish(UUID tid, ClientState state, String reason) {
        return transition(tid, EnumSet.of(ClientState.CREATED, ClientState.OPENED, ClientState.RIGHTS_STORED,
                ClientState.RETURNED, ClientState.CANCELLING), state, reason, reason);
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

    private boolean transition(UUID tid, Set<ClientState> from, ClientState to, String detail, String error) {
        return transition(tid, from, to, detail, error, new Holding(to.name(), null, null, null, to.holdsId(), false));
    }

    private boolean transition(UUID tid, Set<ClientState> from, ClientState to, String detail, String error,
            Holding holding) {
        long now = clock.millis();
        boolean applied = db.transaction(c -> {
            if (!update(c, tid, from, to, null, error, now)) {
                return false;
            }
            history(c, tid, to, detail, now);
            return true;
        });
        if (applied) {
            stored(tid, detail, holding);
        }
        return applied;
    }

    private static boolean update(Connection c, UUID tid, Set<ClientState> from, ClientState to, UUID rightsId,
            String error, long now) throws SQLException {
        String states = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET state = ?, last_error = ?, "
                + "rights_id = COALESCE(?, rights_id), updated_at = ? WHERE transaction_id = ? AND state IN (" + states
                + ")")) {
            ps.setString(1, to.name());
            ps.setString(2, truncate(error));
            ps.setObject(3, rightsId);
            ps.setLong(4, now);
            ps.setObject(5, tid);
            return ps.executeUpdate() == 1;
        }
    }

    private static void deleteRights(Connection c, String column, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rights WHERE " + column + " = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    private static void setCustody(Connection c, UUID rightsId, Custody custody) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET custody = ? WHERE rights_id = ?")) {
            ps.setString(1, custody.name());
            ps.setObject(2, rightsId);
            ps.executeUpdate();
        }
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

    /** Every rights object held on this device in full, newest first. */
    public List<HeldRights> rights() {
        List<Row> rows = db.transaction(c -> {
            List<Row> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RIGHTS_COLUMNS + " FROM rights" + NEWEST_FIRST);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(row(rs));
                }
            }
            return list;
        });
        return rows.parallelStream().map(Row::held).toList();
    }

    /** {@link #status} of each, in the same order, checked on every core. */
    public List<RightsStatus> statuses(List<HeldRights> held) {
        return held.parallelStream().map(this::status).toList();
    }

    /** How many rights objects this device holds. */
    public int rightsCount() {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM rights");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * A page of the rights held, newest first, each with its status as {@link #status} would give
     * it. A row that is exactly as it was verified is shown from its columns: its body is hashed
     * for the seal but not parsed, which is what makes a long listing fast (docs/performance.md).
     */
    public List<ListingEntry> listing(int offset, int limit) {
        List<Row> rows = db.transaction(c -> {
            List<Row> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RIGHTS_COLUMNS + " FROM rights" + NEWEST_FIRST
                    + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setInt(1, offset);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(row(rs));
                    }
                }
            }
            return list;
        });
        Instant now = clock.instant();
        return rows.parallelStream().map(row -> new ListingEntry(row.listed(), status(row, now))).toList();
    }

    private RightsStatus status(Row row, Instant now) {
        if (seal.matches(row.seal(), deviceId, row.keyId(), row.signature(), row.body(), row.listed())) {
            return row.listed().statusAt(now);
        }
        HeldRights held;
        try {
            held = row.held();
        } catch (MalformedJsonException e) {
            return RightsStatus.SIGNATURE_INVALID;
        }
        return status(held);
    }

    /** A rights row as read, before its body is parsed. */
    private record Row(ListedRights listed, String body, String signature, String keyId, String seal) {
        HeldRights held() {
            Rights rights = Json.read(body.getBytes(StandardCharsets.UTF_8), Rights.class);
            return new HeldRights(rights, body, signature, keyId, seal, listed);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        ListedRights listed = new ListedRights(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, Integer.class),
                instant(rs.getObject(7, Long.class)), instant(rs.getObject(8, Long.class)), rs.getInt(9),
                Instant.ofEpochMilli(rs.getLong(10)), Custody.valueOf(rs.getString(11)));
        return new Row(listed, rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
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
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RIGHTS_COLUMNS + " FROM rights WHERE rights_id = ?"
                + suffix)) {
            ps.setObject(1, rightsId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs).held()) : Optional.empty();
            }
        }
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
        if (seal.matches(held.seal(), deviceId, held.keyId(), held.signature(), held.body(), held.listed())) {
            return held.statusAt(clock.instant());
        }
        boolean genuine = RightsIntegrity.genuine(held, deviceId, pinnedKey(held.keyId()).orElse(null));
        if (!genuine) {
            return RightsStatus.SIGNATURE_INVALID;
        }
        reseal(held);
        return held.statusAt(clock.instant());
    }

    /**
     * Seals a row that passed the full check but had no seal of this device (stored before seals
     * existed, or by a version whose seal was not moved). Conditional on the row being unchanged
     * since it was read, so a concurrent edit is never sealed unverified.
     */
    private void reseal(HeldRights held) {
        ListedRights listed = held.listed();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET seal = ? WHERE rights_id = ? AND body = ? "
                    + "AND signature = ? AND key_id = ? AND offer_id = ? AND content_id = ? "
                    + "AND transaction_id = ? AND plays IS NOT DISTINCT FROM ? "
                    + "AND not_before IS NOT DISTINCT FROM ? AND not_after IS NOT DISTINCT FROM ?")) {
                ps.setString(1, seal.seal(deviceId, held.keyId(), held.signature(), held.body(), listed));
                ps.setObject(2, held.rightsId());
                ps.setString(3, held.body());
                ps.setString(4, held.signature());
                ps.setString(5, held.keyId());
                ps.setString(6, listed.offerId());
                ps.setString(7, listed.contentId());
                ps.setObject(8, listed.transactionId());
                ps.setObject(9, listed.plays(), Types.INTEGER);
                ps.setObject(10, millis(listed.notBefore()), Types.BIGINT);
                ps.setObject(11, millis(listed.notAfter()), Types.BIGINT);
                ps.executeUpdate();
            }
            return null;
        });
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

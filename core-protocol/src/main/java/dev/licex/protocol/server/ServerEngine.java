package dev.licex.protocol.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.Ledger;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.ProblemException;
import dev.licex.protocol.message.ReturnedRights;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.TransactionStatus;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's side of the handshake. Each leg is one database transaction that either locks the
 * transaction's row first or changes it by an update that holds only while the row is still in the
 * state the leg read (the update takes the lock and checks again), so repeats and races of one
 * transaction id are serialized by the database itself (across threads and across server
 * instances) and every leg is idempotent.
 */
public final class ServerEngine {

    private final Database db;
    /** Offers never change once created, so each is read from the database once per server start. */
    private final Map<String, Offer> offers = new ConcurrentHashMap<>();
    private final SigningKeys keys;
    private final ProtocolListener events;
    private final Clock clock;

    ServerEngine(Database db, SigningKeys keys, ProtocolListener events, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    /** Leg 1 to leg 2: registers T for this account and device; 201 the first time, 200 on a repeat. */
    public Answer open(String accountId, UUID tid, UUID deviceId, TransactionKind kind) {
        long now = clock.millis();
        boolean postgres = db.isPostgres();
        TransactionRow existing = db.transaction(c -> {
            if (TransactionTable.insertIfAbsent(c, postgres, accountId, tid, deviceId, kind, now)) {
                return null;
            }
            TransactionRow found = TransactionTable.find(c, accountId, tid);
            if (found == null) {
                // the racing insert is not visible yet: try the whole leg again, as after a deadlock
                throw new SQLException("transaction " + tid + " is being opened concurrently", "40001");
            }
            return found;
        });
        if (existing == null) {
            stored(tid, "stored T (OPEN), bound to account " + accountId + " and device " + deviceId,
                    new Holding(ServerState.OPEN.name(), null, null, null, true, false));
            return Answer.json(201, new TransactionStatus(tid, ServerState.OPEN), ServerState.OPEN);
        }
        if (!existing.deviceId().equals(deviceId)) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " belongs to another device");
        }
        if (existing.kind() != kind) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is a "
                    + existing.kind() + " transaction, not " + kind);
        }
        if (existing.state() == ServerState.CANCELLED) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid
                    + " was cancelled; start a new transaction");
        }
        repeat(tid, Leg.OPEN, "T is already open; answered 200 and stored nothing new");
        return Answer.json(200, new TransactionStatus(tid, ServerState.OPEN), existing.state());
    }

    /**
     * Leg 3 to leg 4: in one database transaction, generates and signs the rights, takes one unit
     * of the account's stock and stores the rights and the exact answer against T. A repeat
     * returns that stored answer byte for byte and never issues again.
     */
    public Answer requestRights(String accountId, UUID tid, String offerId) {
        Issuance issuance = db.transaction(c -> issue(c, accountId, tid, offerId));
        if (!issuance.fresh()) {
            repeat(tid, Leg.REQUEST, "rights were issued under T before; replayed the stored answer, issued nothing");
        } else {
            if (issuance.answer().status() == 200) {
                stored(tid, "issued rights " + issuance.rightsId() + " for " + offerId
                                + ", took one unit of stock and stored the rights against T",
                        new Holding(ServerState.ISSUED.name(), offerId, issuance.rightsId(), issuance.stockLeft(),
                                true, true));
            } else {
                stored(tid, "refused the request (" + offerId + "); T is REJECTED, stock unchanged",
                        new Holding(ServerState.REJECTED.name(), offerId, null, issuance.stockLeft(), true, false));
            }
        }
        return issuance.answer();
    }

    private record Issuance(Answer answer, boolean fresh, UUID rightsId, Integer stockLeft) {
    }

    /**
     * Nearly every leg 3 arrives once, so T is read without a lock and claimed by the update that
     * stores the answer, which holds only while T is still OPEN and takes T's row lock. Only when
     * that update finds T moved on (a racing repeat) does the leg lock T and read it again. A lock
     * of its own would cost a statement: on H2 an update that rewrites T's row and its index
     * entries, on PostgreSQL a row lock written into the row.
     */
    private Issuance issue(Connection c, String accountId, UUID tid, String offerId) throws SQLException {
        TransactionRow seen = TransactionTable.find(c, accountId, tid);
        if (seen != null && seen.kind() == TransactionKind.ACQUIRE && seen.state() == ServerState.OPEN) {
            Issuance issued = issueIfOpen(c, seen, offerId);
            if (issued != null) {
                return issued;
            }
        }
        TransactionRow tx = TransactionTable.lock(c, db.isPostgres(), accountId, tid);
        if (tx == null) {
            throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is not open; open it first");
        }
        if (tx.kind() != TransactionKind.ACQUIRE) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is a return transaction");
        }
        switch (tx.state()) {
            case OPEN -> {
                // T was opened after the unlocked read found nothing
                return requireChangedUnderLock(issueIfOpen(c, tx, offerId), tid);
            }
            case ISSUED, COMPLETED, REJECTED -> {
                if (!offerId.equals(tx.offerId())) {
                    throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " was used for offer "
                            + tx.offerId() + ", not " + offerId);
                }
                if (tx.responseBody() == null) {
                    throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is " + tx.state()
                            + " and past its retention period; its answer is no longer kept");
                }
                return new Issuance(Answer.stored(tx.responseStatus(),
                        tx.responseBody().getBytes(StandardCharsets.UTF_8), tx.state()), false, tx.rightsId(), null);
            }
            default -> throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is "
                    + tx.state() + "; no rights can be issued under it");
        }
    }

    /**
     * Issues under an OPEN T: stores the signed answer against T if T is still OPEN, then takes one
     * unit of stock and stores the rights, so T's row is locked before the stock's, in the order
     * every leg locks them. With no stock left, T's answer becomes the refusal in the same database
     * transaction, so no one ever sees it ISSUED. Returns null, having changed nothing, when T was
     * no longer OPEN.
     */
    private Issuance issueIfOpen(Connection c, TransactionRow tx, String offerId) throws SQLException {
        long now = clock.millis();
        Offer offer = offer(c, offerId);
        if (offer == null) {
            return refuse(c, tx, ServerState.OPEN, offerId,
                    Problem.of(ErrorCode.UNKNOWN_OFFER, "there is no offer '" + offerId + "'"), now);
        }
        Instant issuedAt = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.MILLIS);
        // time-ordered, so the rights table's primary key is appended to rather than written at a
        // random leaf that, in a large store, first has to be read back from the file
        UUID rightsId = Uuids.v7();
        Rights rights = new Rights(rightsId, tx.transactionId(), tx.accountId(), tx.deviceId(), offerId,
                offer.contentId(), offer.rules().issueAt(issuedAt), issuedAt.toString());
        SigningKey key = keys.active();
        JsonNode rightsTree = Json.tree(rights);
        byte[] body = Json.write(new IssuedRights(tx.transactionId(), ServerState.ISSUED, rightsTree,
                key.sign(rightsTree), key.keyId()));
        if (!TransactionTable.settle(c, tx.accountId(), tx.transactionId(), ServerState.OPEN, ServerState.ISSUED,
                offerId, rightsId, 200, new String(body, StandardCharsets.UTF_8), now)) {
            return null;
        }
        int left = StockTable.takeOne(c, tx.accountId(), offerId);
        if (left < 0) {
            return requireChangedUnderLock(refuse(c, tx, ServerState.ISSUED, offerId,
                    Problem.of(ErrorCode.OUT_OF_STOCK, "no stock of '" + offerId + "' is left for this account"), now),
                    tx.transactionId());
        }
        RightsTable.insert(c, rights, now);
        return new Issuance(Answer.stored(200, body, ServerState.ISSUED), true, rightsId, left);
    }

    /** Makes T REJECTED with the refusal as its stored answer if T is in the expected state; else null. */
    private static Issuance refuse(Connection c, TransactionRow tx, ServerState expected, String offerId,
            Problem refusal, long now) throws SQLException {
        byte[] body = Json.write(refusal);
        if (!TransactionTable.settle(c, tx.accountId(), tx.transactionId(), expected, ServerState.REJECTED, offerId,
                null, refusal.status(), new String(body, StandardCharsets.UTF_8), now)) {
            return null;
        }
        return new Issuance(Answer.stored(refusal.status(), body, ServerState.REJECTED), true, null, 0);
    }

    /** What a leg that holds T's lock got: T cannot have changed under it, so null is a broken invariant. */
    private static <R> R requireChangedUnderLock(R result, UUID tid) {
        requireChangedUnderLock(result != null, tid);
        return result;
    }

    private static void requireChangedUnderLock(boolean moved, UUID tid) {
        if (!moved) {
            throw new IllegalStateException("transaction " + tid + " changed while this leg held its lock");
        }
    }

    /**
     * Leg 5 to leg 6: marks T completed once the client says it stored the rights. Like leg 3, it
     * reads T without a lock and completes it by an update that holds only while T is still in the
     * state it read; it locks T only when that update finds T moved on.
     */
    public Answer complete(String accountId, UUID tid, UUID rightsId) {
        boolean fresh = db.transaction(c -> {
            TransactionRow seen = TransactionTable.find(c, accountId, tid);
            if (seen != null && (seen.state() == ServerState.ISSUED || seen.state() == ServerState.RETURNED)
                    && rightsId.equals(seen.rightsId()) && completeIfUnchanged(c, seen)) {
                return true;
            }
            TransactionRow tx = TransactionTable.lock(c, db.isPostgres(), accountId, tid);
            if (tx == null) {
                throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is unknown");
            }
            boolean rightsMatch = rightsId.equals(tx.rightsId());
            switch (tx.state()) {
                case ISSUED, RETURNED -> {
                    if (!rightsMatch) {
                        throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid
                                + " concerns rights " + tx.rightsId() + ", not " + rightsId);
                    }
                    requireChangedUnderLock(completeIfUnchanged(c, tx), tid);
                    return true;
                }
                case COMPLETED -> {
                    if (!rightsMatch) {
                        throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid
                                + " concerns rights " + tx.rightsId() + ", not " + rightsId);
                    }
                    return false;
                }
                case OPEN -> throw new ProblemException(ErrorCode.TX_CONFLICT, "nothing was issued under transaction "
                        + tid + " yet; request the rights first");
                default -> throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is "
                        + tx.state() + " and cannot be completed");
            }
        });
        if (fresh) {
            stored(tid, "marked T COMPLETED; the rights are delivered",
                    new Holding(ServerState.COMPLETED.name(), null, rightsId, null, true, true));
        } else {
            repeat(tid, Leg.COMPLETE, "T is already completed; answered again, changed nothing");
        }
        return Answer.json(200, new TransactionStatus(tid, ServerState.COMPLETED), ServerState.COMPLETED);
    }

    /**
     * Marks T COMPLETED if it is still in the state read, and counts an acquisition's unit as
     * completed; returns false, having changed nothing, when T had moved on.
     */
    private boolean completeIfUnchanged(Connection c, TransactionRow tx) throws SQLException {
        if (!TransactionTable.setState(c, tx.accountId(), tx.transactionId(), tx.state(), ServerState.COMPLETED,
                clock.millis())) {
            return false;
        }
        if (tx.state() == ServerState.ISSUED) {
            StockTable.completeOne(c, tx.accountId(), tx.offerId());
        }
        return true;
    }

    /**
     * Cancels an unfinished acquisition (CONTRACT.md section 7). An OPEN transaction becomes
     * CANCELLED; an ISSUED one, in one database transaction, gets its stock back, its rights
     * revoked and becomes CANCELLED. A completed one cannot be cancelled: return its rights.
     */
    public Answer cancel(String accountId, UUID tid) {
        Cancellation result = db.transaction(c -> {
            TransactionRow tx = TransactionTable.lock(c, db.isPostgres(), accountId, tid);
            if (tx == null) {
                throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is unknown");
            }
            long now = clock.millis();
            switch (tx.state()) {
                case CANCELLED -> {
                    return new Cancellation(false, false, tx.offerId());
                }
                case OPEN, REJECTED -> {
                    requireChangedUnderLock(TransactionTable.setState(c, accountId, tid, tx.state(),
                            ServerState.CANCELLED, now), tid);
                    return new Cancellation(true, false, tx.offerId());
                }
                case ISSUED -> {
                    // Locks in the order every leg uses (transaction, rights, stock), so no two legs deadlock.
                    RightsTable.lock(c, tx.rightsId());
                    StockTable.lock(c, db.isPostgres(), accountId, tx.offerId());
                    StockTable.revokeOne(c, accountId, tx.offerId());
                    RightsTable.setState(c, tx.rightsId(), "REVOKED", null);
                    requireChangedUnderLock(TransactionTable.setState(c, accountId, tid, ServerState.ISSUED,
                            ServerState.CANCELLED, now), tid);
                    return new Cancellation(true, true, tx.offerId());
                }
                case COMPLETED -> throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid
                        + " is completed; its rights were delivered, so return them instead of cancelling");
                default -> throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is "
                        + tx.state() + " and cannot be cancelled; complete it");
            }
        });
        if (!result.fresh()) {
            repeat(tid, Leg.CANCEL, "T is already cancelled; answered again, changed nothing");
        } else {
            stored(tid, result.revoked() ? "cancelled T: revoked its rights and restored one unit of stock of "
                    + result.offerId() : "cancelled T; nothing had been issued",
                    new Holding(ServerState.CANCELLED.name(), result.offerId(), null, null, true, false));
        }
        return Answer.json(200, new TransactionStatus(tid, ServerState.CANCELLED), ServerState.CANCELLED);
    }

    private record Cancellation(boolean fresh, boolean revoked, String offerId) {
    }

    /**
     * Leg 3 of a return: in one database transaction, checks that the rights belong to this
     * account and device and are neither revoked nor returned, marks them returned, restores one
     * unit of stock, and stores the answer against T. A repeat replays that answer.
     */
    public Answer returnRights(String accountId, UUID tid, UUID rightsId) {
        ReturnResult result = db.transaction(c -> takeBack(c, accountId, tid, rightsId));
        if (result.fresh()) {
            stored(tid, "took rights " + rightsId + " back and restored one unit of stock of " + result.offerId(),
                    new Holding(ServerState.RETURNED.name(), result.offerId(), rightsId, null, true, false));
        } else {
            repeat(tid, Leg.REQUEST, "the rights were returned under T before; replayed the stored answer");
        }
        return result.answer();
    }

    private record ReturnResult(Answer answer, boolean fresh, String offerId) {
    }

    private ReturnResult takeBack(Connection c, String accountId, UUID tid, UUID rightsId) throws SQLException {
        TransactionRow tx = TransactionTable.lock(c, db.isPostgres(), accountId, tid);
        if (tx == null) {
            throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is not open; open it first");
        }
        if (tx.kind() != TransactionKind.RETURN) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " was opened as an acquisition, "
                    + "not a return");
        }
        if (tx.state() == ServerState.RETURNED || tx.state() == ServerState.COMPLETED) {
            if (!rightsId.equals(tx.rightsId())) {
                throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " returned rights "
                        + tx.rightsId() + ", not " + rightsId);
            }
            if (tx.responseBody() == null) {
                throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is " + tx.state()
                        + " and past its retention period; its answer is no longer kept");
            }
            return new ReturnResult(Answer.stored(tx.responseStatus(),
                    tx.responseBody().getBytes(StandardCharsets.UTF_8), tx.state()), false, tx.offerId());
        }
        if (tx.state() != ServerState.OPEN) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is " + tx.state());
        }
        RightsTable.Row rights = RightsTable.lock(c, rightsId);
        if (rights == null || !rights.accountId().equals(accountId)) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "there are no rights " + rightsId + " of this account "
                    + "to return");
        }
        if (!rights.deviceId().equals(tx.deviceId())) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "rights " + rightsId + " were issued to another device; "
                    + "only that device can return them");
        }
        if (!rights.state().equals("ACTIVE")) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "rights " + rightsId + " are "
                    + rights.state().toLowerCase() + " already and cannot be returned");
        }
        long now = clock.millis();
        StockTable.lock(c, db.isPostgres(), accountId, rights.offerId());
        StockTable.returnOne(c, accountId, rights.offerId());
        RightsTable.setState(c, rightsId, "RETURNED", tid);
        byte[] body = Json.write(new ReturnedRights(tid, ServerState.RETURNED, rightsId));
        requireChangedUnderLock(TransactionTable.settle(c, accountId, tid, ServerState.OPEN, ServerState.RETURNED,
                rights.offerId(), rightsId, 200, new String(body, StandardCharsets.UTF_8), now), tid);
        return new ReturnResult(Answer.stored(200, body, ServerState.RETURNED), true, rights.offerId());
    }

    public TransactionStatus status(String accountId, UUID tid) {
        TransactionRow tx = db.transaction(c -> TransactionTable.find(c, accountId, tid));
        if (tx == null) {
            throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is unknown");
        }
        return new TransactionStatus(tid, tx.state(), tx.rightsId());
    }

    /** A round trip to the store; throws {@code StoreException} when it cannot be reached. */
    public void ping() {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM setup_lock");
                    java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    public Ledger ledger(String accountId) {
        return new Ledger(accountId, db.transaction(c -> StockTable.ledger(c, accountId)));
    }

    public List<AccountLedger> ledgers() {
        return db.transaction(StockTable::ledgers);
    }

    private void stored(UUID tid, String change, Holding holding) {
        events.on(new ProtocolEvent.Stored(clock.instant(), Side.SERVER, tid, change, holding));
    }

    private void repeat(UUID tid, Leg leg, String detail) {
        events.on(new ProtocolEvent.Repeat(clock.instant(), Side.SERVER, tid, leg, detail));
    }

    private Offer offer(Connection c, String offerId) throws SQLException {
        Offer known = offers.get(offerId);
        if (known != null) {
            return known;
        }
        Offer found = Catalog.find(c, offerId);
        if (found != null) {
            offers.put(offerId, found);
        }
        return found;
    }
}

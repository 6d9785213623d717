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
 * The server's side of the handshake. Each leg is one database transaction that first locks the
 * transaction's row, so repeats and races of one transaction id are serialized by the database
 * itself (across threads and across server instances) and every leg is idempotent.
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

    private Issuance issue(Connection c, String accountId, UUID tid, String offerId) throws SQLException {
        TransactionRow tx = TransactionTable.lock(c, db.isPostgres(), accountId, tid);
        if (tx == null) {
            throw new ProblemException(ErrorCode.TX_UNKNOWN, "transaction " + tid + " is not open; open it first");
        }
        if (tx.kind() != TransactionKind.ACQUIRE) {
            throw new ProblemException(ErrorCode.TX_CONFLICT, "transaction " + tid + " is a return transaction");
        }
        switch (tx.state()) {
            case OPEN -> {
                // the only state in which rights are issued
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
        long now = clock.millis();
        Offer offer = offer(c, offerId);
        int left = offer == null ? -1 : StockTable.takeOne(c, accountId, offerId);
        if (left < 0) {
            Problem refusal = offer == null
                    ? Problem.of(ErrorCode.UNKNOWN_OFFER, "there is no offer '" + offerId + "'")
                    : Problem.of(ErrorCode.OUT_OF_STOCK, "no stock of '" + offerId + "' is left for this account");
            byte[] body = Json.write(refusal);
            TransactionTable.settle(c, accountId, tid, ServerState.REJECTED, offerId, null, refusal.status(),
                    new String(body, StandardCharsets.UTF_8), now);
            return new Issuance(Answer.stored(refusal.status(), body, ServerState.REJECTED), true, null, 0);
        }
        Instant issuedAt = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.MILLIS);
        // time-ordered, so the rights table's primary key is appended to rather than written at a
        // random leaf that, in a large store, first has to be read back from the file
        UUID rightsId = Uuids.v7();
        Rights rights = new Rights(rightsId, tid, accountId, tx.deviceId(), offerId, offer.contentId(),
                offer.rules().issueAt(issuedAt), issuedAt.toString());
        SigningKey key = keys.active();
        JsonNode rightsTree = Json.tree(rights);
        byte[] body = Json.write(new IssuedRights(tid, ServerState.ISSUED, rightsTree, key.sign(rightsTree),
                key.keyId()));
        RightsTable.insert(c, rights, now);
        TransactionTable.settle(c, accountId, tid, ServerState.ISSUED, offerId, rightsId, 200,
                new String(body, StandardCharsets.UTF_8), now);
        return new Issuance(Answer.stored(200, body, ServerState.ISSUED), true, rightsId, left);
    }

    /** Leg 5 to leg 6: marks T completed once the client says it stored the rights. */
    public Answer complete(String accountId, UUID tid, UUID rightsId) {
        boolean fresh = db.transaction(c -> {
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
                    TransactionTable.setState(c, accountId, tid, ServerState.COMPLETED, clock.millis());
                    if (tx.state() == ServerState.ISSUED) {
                        StockTable.completeOne(c, accountId, tx.offerId());
                    }
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
                    TransactionTable.setState(c, accountId, tid, ServerState.CANCELLED, now);
                    return new Cancellation(true, false, tx.offerId());
                }
                case ISSUED -> {
                    // Locks in the order every leg uses (transaction, rights, stock), so no two legs deadlock.
                    RightsTable.lock(c, tx.rightsId());
                    StockTable.lock(c, db.isPostgres(), accountId, tx.offerId());
                    StockTable.revokeOne(c, accountId, tx.offerId());
                    RightsTable.setState(c, tx.rightsId(), "REVOKED", null);
                    TransactionTable.setState(c, accountId, tid, ServerState.CANCELLED, now);
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
        TransactionTable.settle(c, accountId, tid, ServerState.RETURNED, rights.offerId(), rightsId, 200,
                new String(body, StandardCharsets.UTF_8), now);
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

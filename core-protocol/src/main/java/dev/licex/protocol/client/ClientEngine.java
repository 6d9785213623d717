package dev.licex.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.CanonicalJson;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.ReturnedRights;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.TransactionStatus;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.RightsVerifier;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The device's side of the handshake. Before every message it has durably stored what that
 * message depends on; after every answer it durably records the new state before sending the
 * next. Any failure is repaired by sending the same leg again with the same transaction id, so
 * a drive can be abandoned at any point (a crash, a give-up) and resumed from the store.
 *
 * <p>Blocking: call it from a worker thread, never from a UI thread.
 */
public final class ClientEngine {

    private final ClientStore store;
    private final ServerConnection server;
    private final KeyRing keys;
    private final RetryPolicy retry;
    private final ProtocolListener events;
    private final StepGate gate;
    private final Clock clock;

    public ClientEngine(ClientStore store, ServerConnection server, RetryPolicy retry, ProtocolListener events,
            StepGate gate, Clock clock) {
        this.store = store;
        this.server = server;
        this.keys = new KeyRing(store, server);
        this.retry = retry;
        this.events = events;
        this.gate = gate;
        this.clock = clock;
    }

    public ClientStore store() {
        return store;
    }

    /** Generates a transaction id for the offer and stores it durably; nothing is sent yet. */
    public ClientTransaction begin(String offerId, String label) {
        return store.create(Uuids.v7(), offerId, label, server.origin());
    }

    /** A whole acquisition: begin, then drive through all six legs. */
    public Outcome acquire(String offerId, String label) throws InterruptedException {
        return drive(begin(offerId, label).transactionId());
    }

    /**
     * Starts returning rights: stores a new transaction id for the return and makes the rights
     * unusable, in one commit, before anything is sent.
     *
     * @throws IllegalStateException with a reason for the user when the rights cannot be returned
     */
    public ClientTransaction beginReturn(UUID rightsId) {
        return store.createReturn(Uuids.v7(), rightsId, server.origin());
    }

    /** A whole return: begin, then drive it through its six legs. */
    public Outcome returnRights(UUID rightsId) throws InterruptedException {
        return drive(beginReturn(rightsId).transactionId());
    }

    /**
     * Cancels an unfinished acquisition: records durably that its rights will never be used, then
     * tells the server, which restores the stock. If the server had completed it already, the
     * cancellation is refused and the acquisition completes instead (use a return then).
     *
     * @throws IllegalStateException when the transaction is not an unfinished acquisition
     */
    public Outcome cancel(UUID tid) throws InterruptedException {
        ClientTransaction tx = store.find(tid).orElseThrow(() ->
                new IllegalStateException("there is no transaction " + tid + " in this store"));
        if (tx.kind() != TransactionKind.ACQUIRE || !store.beginCancel(tid)) {
            ClientTransaction now = store.find(tid).orElseThrow();
            if (now.state() != ClientState.CANCELLING) {
                throw new IllegalStateException("transaction " + tid + " is " + (now.kind() == TransactionKind.RETURN
                        ? "a return" : now.state().name()) + "; only an unfinished acquisition can be cancelled"
                        + (now.state() == ClientState.COMPLETED ? " (return its rights instead)" : ""));
            }
        }
        return drive(tid);
    }

    /**
     * Resumes every unfinished transaction this device started with this server, oldest first.
     * Transactions started with another server are left for a recovery against that server: sent
     * here, the server would not know them and would issue afresh.
     */
    public List<Outcome> recover() throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (ClientTransaction tx : store.unfinished()) {
            if (tx.server().equals(server.origin())) {
                outcomes.add(drive(tx.transactionId()));
            }
        }
        return outcomes;
    }

    /** Unfinished transactions that belong to other servers than this engine's. */
    public List<ClientTransaction> unfinishedElsewhere() {
        return store.unfinished().stream().filter(tx -> !tx.server().equals(server.origin())).toList();
    }

    /** Drives one transaction from its stored state until it finishes or retries run out. */
    public Outcome drive(UUID tid) throws InterruptedException {
        while (true) {
            ClientTransaction tx = store.find(tid).orElseThrow(() ->
                    new IllegalArgumentException("no transaction " + tid + " in the store at " + store.location()));
            Verdict verdict = tx.kind() == TransactionKind.RETURN ? stepReturn(tx) : stepAcquire(tx);
            if (verdict instanceof Stop stop) {
                events.on(new ProtocolEvent.Finished(clock.instant(), Side.CLIENT, tid, outcomeName(stop.outcome()),
                        describe(stop.outcome())));
                return stop.outcome();
            }
        }
    }

    private Verdict stepAcquire(ClientTransaction tx) throws InterruptedException {
        UUID tid = tx.transactionId();
        return switch (tx.state()) {
            case CREATED -> attempt(tx, Leg.OPEN, () -> server.open(tid, store.deviceId(), tx.kind()),
                    r -> judgeOpened(tx, r));
            case OPENED -> attempt(tx, Leg.REQUEST, () -> server.requestRights(tid, tx.offerId()),
                    r -> judgeRights(tx, r));
            case RIGHTS_STORED -> attempt(tx, Leg.COMPLETE, () -> server.complete(tid, tx.rightsId()),
                    r -> judgeCompleted(tx, r));
            case CANCELLING -> attempt(tx, Leg.CANCEL, () -> server.cancel(tid), r -> judgeCancelled(tx, r));
            default -> new Stop(finishedOutcome(tx));
        };
    }

    private Verdict stepReturn(ClientTransaction tx) throws InterruptedException {
        UUID tid = tx.transactionId();
        return switch (tx.state()) {
            case CREATED -> attempt(tx, Leg.OPEN, () -> server.open(tid, store.deviceId(), tx.kind()),
                    r -> judgeOpened(tx, r));
            case OPENED -> attempt(tx, Leg.REQUEST, () -> server.returnRights(tid, tx.rightsId()),
                    r -> judgeReturned(tx, r));
            case RETURNED -> attempt(tx, Leg.COMPLETE, () -> server.complete(tid, tx.rightsId()),
                    r -> judgeCompleted(tx, r));
            default -> new Stop(finishedOutcome(tx));
        };
    }

    private Outcome finishedOutcome(ClientTransaction tx) {
        UUID tid = tx.transactionId();
        return switch (tx.state()) {
            case COMPLETED -> tx.kind() == TransactionKind.RETURN
                    ? new Outcome.Returned(tid, tx.rightsId())
                    : new Outcome.Completed(tid, store.rights(tx.rightsId()).orElse(null));
            case CANCELLED -> new Outcome.Cancelled(tid);
            case REJECTED -> new Outcome.Refused(tid, storedProblem(ErrorCode.OUT_OF_STOCK, tx));
            case FAILED -> new Outcome.Failed(tid, storedProblem(ErrorCode.BAD_REQUEST, tx));
            case CONFLICT -> new Outcome.Conflict(tid, tx.lastError());
            default -> throw new IllegalStateException("unfinished " + tx.state());
        };
    }

    /** A problem rebuilt from the stored "CODE: detail" of a finished transaction. */
    private static Problem storedProblem(ErrorCode fallback, ClientTransaction tx) {
        String text = tx.lastError() == null ? "" : tx.lastError();
        int colon = text.indexOf(": ");
        if (colon > 0) {
            try {
                return Problem.of(ErrorCode.valueOf(text.substring(0, colon)), text.substring(colon + 2));
            } catch (IllegalArgumentException notACode) {
                return Problem.of(fallback, text);
            }
        }
        return Problem.of(fallback, text);
    }

    private sealed interface Verdict {
    }

    /** The leg succeeded and its result is stored; continue from the new state. */
    private record Proceed() implements Verdict {
    }

    /** No usable answer: send the same leg again. */
    private record Retry(String reason, Duration retryAfter) implements Verdict {
    }

    /** The drive ends here. */
    private record Stop(Outcome outcome) implements Verdict {
    }

    @FunctionalInterface
    private interface Call {
        WireResponse send() throws IOException;
    }

    @FunctionalInterface
    private interface Judge {
        Verdict judge(WireResponse response) throws IOException;
    }

    private Verdict attempt(ClientTransaction tx, Leg leg, Call call, Judge judge) throws InterruptedException {
        UUID tid = tx.transactionId();
        for (int attempt = 1; ; attempt++) {
            gate.await(tid, leg);
            events.on(new ProtocolEvent.MessageSent(clock.instant(), Side.CLIENT, tid, leg, attempt, summary(tx, leg),
                    tx.state().name(), null));
            Verdict verdict;
            try {
                WireResponse response = call.send();
                events.on(new ProtocolEvent.MessageReceived(clock.instant(), Side.CLIENT, tid, leg.answer(),
                        response.status(), statusLine(response), null));
                verdict = response.status() < 300 ? judge.judge(response) : judgeError(tx, leg, response);
            } catch (IOException e) {
                events.on(new ProtocolEvent.MessageLost(clock.instant(), Side.CLIENT, tid, leg, reason(e)));
                verdict = new Retry(reason(e), null);
            }
            if (!(verdict instanceof Retry retryVerdict)) {
                return verdict;
            }
            store.recordFailure(tid, leg.label() + ": " + retryVerdict.reason());
            if (attempt >= retry.maxAttempts()) {
                ClientTransaction now = store.find(tid).orElseThrow();
                return new Stop(new Outcome.Pending(tid, now.state().name(), retryVerdict.reason()));
            }
            Duration delay = retry.delayAfter(attempt, retryVerdict.retryAfter());
            events.on(new ProtocolEvent.RetryScheduled(clock.instant(), Side.CLIENT, tid, leg, attempt + 1,
                    delay.toMillis(), retryVerdict.reason()));
            // The engine is blocking by design (it runs on a worker thread), so backoff blocks too.
            Thread.sleep(delay.toMillis());
        }
    }

    private Verdict judgeOpened(ClientTransaction tx, WireResponse response) {
        Optional<TransactionStatus> status = parse(response, TransactionStatus.class);
        if (status.isEmpty() || !tx.transactionId().equals(status.get().transactionId())
                || status.get().state() != ServerState.OPEN) {
            return new Retry("the answer to leg 1 is garbled", null);
        }
        store.markOpened(tx.transactionId());
        return new Proceed();
    }

    private Verdict judgeRights(ClientTransaction tx, WireResponse response) throws IOException {
        Optional<IssuedRights> issued = parse(response, IssuedRights.class);
        if (issued.isEmpty() || !tx.transactionId().equals(issued.get().transactionId())
                || issued.get().state() != ServerState.ISSUED || issued.get().rights() == null
                || !issued.get().rights().isObject()) {
            return new Retry("the rights answer (leg 4) is garbled", null);
        }
        JsonNode tree = issued.get().rights();
        Optional<Jwk> key = keys.key(issued.get().keyId());
        if (key.isEmpty() || !RightsVerifier.verify(key.get(), tree, issued.get().signature())) {
            return new Retry("the rights signature does not verify", null);
        }
        Rights rights;
        try {
            rights = Json.convert(tree, Rights.class);
        } catch (MalformedJsonException e) {
            return new Retry("the rights object is malformed", null);
        }
        if (!tx.transactionId().equals(rights.transactionId()) || !store.deviceId().equals(rights.deviceId())
                || !tx.offerId().equals(rights.offerId()) || rights.rightsId() == null || rights.rules() == null) {
            String detail = "the server signed rights that are not for this transaction, device and offer";
            store.finish(tx.transactionId(), ClientState.CONFLICT, detail);
            return new Proceed();
        }
        store.storeRights(tx.transactionId(), rights, CanonicalJson.string(tree), issued.get().signature(),
                issued.get().keyId());
        return new Proceed();
    }

    private Verdict judgeReturned(ClientTransaction tx, WireResponse response) {
        Optional<ReturnedRights> returned = parse(response, ReturnedRights.class);
        if (returned.isEmpty() || !tx.transactionId().equals(returned.get().transactionId())
                || returned.get().state() != ServerState.RETURNED
                || !tx.rightsId().equals(returned.get().rightsId())) {
            return new Retry("the answer to the return (leg 4) is garbled", null);
        }
        store.markReturned(tx.transactionId(), tx.rightsId());
        return new Proceed();
    }

    private Verdict judgeCompleted(ClientTransaction tx, WireResponse response) {
        Optional<TransactionStatus> status = parse(response, TransactionStatus.class);
        if (status.isEmpty() || !tx.transactionId().equals(status.get().transactionId())
                || status.get().state() != ServerState.COMPLETED) {
            return new Retry("the answer to leg 5 is garbled", null);
        }
        store.markCompleted(tx.transactionId(), tx.rightsId(), tx.kind() == TransactionKind.ACQUIRE);
        return new Proceed();
    }

    private Verdict judgeCancelled(ClientTransaction tx, WireResponse response) {
        Optional<TransactionStatus> status = parse(response, TransactionStatus.class);
        if (status.isEmpty() || !tx.transactionId().equals(status.get().transactionId())
                || status.get().state() != ServerState.CANCELLED) {
            return new Retry("the answer to the cancellation is garbled", null);
        }
        store.markCancelled(tx.transactionId(), "the server cancelled T and restored its stock; rights of T deleted");
        return new Proceed();
    }

    /** CONTRACT.md sections 3 and 7: how the client reacts to each error. */
    private Verdict judgeError(ClientTransaction tx, Leg leg, WireResponse response) {
        Problem problem = ServerConnection.problemOf(response);
        ErrorCode code = problem.errorCode();
        int status = response.status();
        if (status == 408 || status == 429 || status >= 500) {
            return new Retry(status + " " + problem.detail(), RetryPolicy.retryAfterOf(response));
        }
        UUID tid = tx.transactionId();
        if (leg == Leg.CANCEL) {
            return judgeCancelRefused(tx, problem);
        }
        if (code == ErrorCode.TX_UNKNOWN && leg == Leg.REQUEST) {
            store.reopen(tid, "the server does not know T; opening it again");
            return new Proceed();
        }
        if (tx.state() == ClientState.RIGHTS_STORED || tx.state() == ClientState.RETURNED) {
            // Rights moved already: the server must still hear leg 5, so this stays pending for recovery.
            return new Stop(new Outcome.Pending(tid, tx.state().name(), problem.detail()));
        }
        if (code == ErrorCode.TX_CONFLICT || code == ErrorCode.TX_UNKNOWN) {
            store.finish(tid, ClientState.CONFLICT, problem.detail());
            return new Proceed();
        }
        if (status == 422) {
            store.finish(tid, ClientState.REJECTED, problem.code() + ": " + problem.detail());
            return new Proceed();
        }
        store.finish(tid, ClientState.FAILED, problem.code() + ": " + problem.detail());
        return new Proceed();
    }

    private Verdict judgeCancelRefused(ClientTransaction tx, Problem problem) {
        UUID tid = tx.transactionId();
        if (problem.errorCode() == ErrorCode.TX_UNKNOWN) {
            store.markCancelled(tid, "the server never knew T, so nothing was issued; cancelled");
            return new Proceed();
        }
        if (problem.errorCode() == ErrorCode.TX_CONFLICT && store.holdsRightsOf(tid)) {
            store.abandonCancel(tid, "the server completed T before the cancellation arrived (" + problem.detail()
                    + "); the rights are kept and usable, return them to give them back");
            return new Proceed();
        }
        if (problem.errorCode() == ErrorCode.UNAUTHORIZED) {
            return new Stop(new Outcome.Pending(tid, tx.state().name(), problem.detail()));
        }
        store.finish(tid, ClientState.CONFLICT, problem.detail());
        return new Proceed();
    }

    private static <T> Optional<T> parse(WireResponse response, Class<T> type) {
        try {
            return Optional.of(Json.read(response.body(), type));
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
    }

    private String summary(ClientTransaction tx, Leg leg) {
        return switch (leg) {
            case OPEN -> "T=" + tx.transactionId() + " D=" + store.deviceId()
                    + (tx.kind() == TransactionKind.RETURN ? " kind=RETURN" : "");
            case REQUEST -> tx.kind() == TransactionKind.RETURN ? "return rightsId=" + tx.rightsId()
                    : "offerId=" + tx.offerId();
            case COMPLETE -> "rightsId=" + tx.rightsId();
            default -> leg.name();
        };
    }

    /** The status, and for an error the problem's code: enough to draw the arrow without decoding every body. */
    private static String statusLine(WireResponse response) {
        return response.status() < 300 ? Integer.toString(response.status())
                : response.status() + " " + ServerConnection.problemOf(response).code();
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String outcomeName(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> "COMPLETED";
            case Outcome.Returned r -> "RETURNED";
            case Outcome.Cancelled c -> "CANCELLED";
            case Outcome.Refused r -> "REFUSED";
            case Outcome.Failed f -> "FAILED";
            case Outcome.Conflict c -> "CONFLICT";
            case Outcome.Pending p -> "PENDING";
        };
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> "rights " + c.transactionId() + " completed";
            case Outcome.Returned r -> "rights " + r.rightsId() + " returned";
            case Outcome.Cancelled c -> "cancelled; nothing of it is held anywhere";
            case Outcome.Refused r -> r.problem().detail();
            case Outcome.Failed f -> f.problem().detail();
            case Outcome.Conflict c -> c.detail();
            case Outcome.Pending p -> "still " + p.state() + " after retries: " + p.lastError();
        };
    }
}

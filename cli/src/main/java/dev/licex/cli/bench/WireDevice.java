package dev.licex.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.TransactionStatus;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.JwkSet;
import dev.licex.protocol.signature.RightsVerifier;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * A device that drives the six legs over the wire and keeps its transaction in memory only. The
 * bench loads a server; a device store on the same cores (what {@link EngineDevice} keeps, every
 * state change a database transaction) costs the machine about as much CPU as the server's own
 * work, and a bench on one machine would report that cost as the server's.
 *
 * <p>It reacts to answers as licex's client engine does (CONTRACT.md section 3): a network error,
 * 408, 429, 5xx or a garbled answer sends the same leg again with the same T after a capped,
 * jittered backoff; {@code TX_UNKNOWN} at leg 3 opens T again; 422 is a refusal; any other error
 * fails the acquisition. It checks that every answer names its T and state, and verifies the
 * signature of every {@code verifyEvery}-th rights object (1: all of them), and of any whose
 * rights do not name this T, device and offer, or whose rights id the server then refuses: a
 * signature that does not hold means a garbled answer, and leg 3 is sent again. Rights taken
 * without verifying are not otherwise checked: with a forged key most acquisitions complete.
 */
final class WireDevice implements BenchDevice {

    private final ServerConnection server;
    private final UUID deviceId = UUID.randomUUID();
    private final Map<String, Jwk> keys;
    private final int verifyEvery;
    private final RetryPolicy retry;
    private final LongAdder retries;
    private final LongAdder verified;
    private long acquisitions;

    /**
     * @param keys     the server's published keys by key id
     * @param retries  counts every leg sent again
     * @param verified counts every signature verified
     */
    WireDevice(ServerConnection server, Map<String, Jwk> keys, int verifyEvery, RetryPolicy retry, LongAdder retries,
            LongAdder verified) {
        if (verifyEvery < 1) {
            throw new IllegalArgumentException("verifyEvery must be at least 1");
        }
        this.server = server;
        this.keys = new HashMap<>(keys);
        this.verifyEvery = verifyEvery;
        this.retry = retry;
        this.retries = retries;
        this.verified = verified;
    }

    @Override
    public Finished acquire(String offerId) throws InterruptedException {
        UUID tid = Uuids.v7();
        boolean verify = acquisitions++ % verifyEvery == 0;
        try {
            send("leg 1", () -> server.open(tid, deviceId, TransactionKind.ACQUIRE),
                    answer -> status(answer, tid, ServerState.OPEN));
            for (int requests = 1; ; requests++) {
                Received received = requestRights(tid, offerId, verify);
                try {
                    send("leg 5", () -> server.complete(tid, received.rightsId()),
                            answer -> status(answer, tid, ServerState.COMPLETED));
                    return Finished.COMPLETED;
                } catch (Ended refused) {
                    // rights taken unverified may have been garbled on the way (a wrong rights id
                    // is a conflict at leg 5): the engine, which verifies all, would have asked again
                    if (received.verified() || requests >= retry.maxAttempts() || signatureHolds(received.issued())) {
                        throw refused;
                    }
                    retries.increment();
                }
            }
        } catch (Ended ended) {
            return ended.finished;
        } catch (UnknownTransaction unknown) {
            return new Finished(Ending.FAILED, unknown.getMessage());
        }
    }

    /** A sound leg-4 answer. */
    private record Received(UUID rightsId, IssuedRights issued, boolean verified) {
    }

    /** Leg 3 until a sound answer; a server that does not know T gets it opened again, as the engine does. */
    private Received requestRights(UUID tid, String offerId, boolean verify)
            throws Ended, UnknownTransaction, InterruptedException {
        for (int opens = 1; ; opens++) {
            try {
                return send("leg 3", () -> server.requestRights(tid, offerId),
                        answer -> rightsOf(answer, tid, offerId, verify));
            } catch (UnknownTransaction lostByTheServer) {
                if (opens >= retry.maxAttempts()) {
                    throw new Ended(Ending.FAILED, lostByTheServer.getMessage() + ", after opening T " + opens
                            + " times");
                }
                send("leg 1", () -> server.open(tid, deviceId, TransactionKind.ACQUIRE),
                        answer -> status(answer, tid, ServerState.OPEN));
            }
        }
    }

    /** The shared HTTP client belongs to the bench, which closes it after all devices. */
    @Override
    public void close() {
    }

    @FunctionalInterface
    private interface Call {
        WireResponse send() throws IOException;
    }

    /** Reads a successful answer: the result, or null when it is garbled and the leg must be sent again. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(WireResponse answer) throws Ended;
    }

    /** The acquisition ends here, without completing. */
    private static final class Ended extends Exception {
        private final transient Finished finished;

        Ended(Ending ending, String detail) {
            super(detail, null, false, false);
            this.finished = new Finished(ending, detail);
        }
    }

    /** The server answered 404 TX_UNKNOWN. */
    private static final class UnknownTransaction extends Exception {
        UnknownTransaction(String detail) {
            super(detail, null, false, false);
        }
    }

    private <T> T send(String leg, Call call, Reader<T> reader)
            throws Ended, UnknownTransaction, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String trouble;
            Duration retryAfter = null;
            try {
                WireResponse answer = call.send();
                int status = answer.status();
                if (status < 300) {
                    T result = reader.read(answer);
                    if (result != null) {
                        return result;
                    }
                    trouble = "a garbled answer";
                } else if (status == 408 || status == 429 || status >= 500) {
                    trouble = "status " + status;
                    retryAfter = RetryPolicy.retryAfterOf(answer);
                } else if (ServerConnection.problemOf(answer).errorCode() == ErrorCode.TX_UNKNOWN) {
                    throw new UnknownTransaction(describe(leg, answer));
                } else {
                    throw new Ended(status == 422 ? Ending.REFUSED : Ending.FAILED, describe(leg, answer));
                }
            } catch (IOException e) {
                trouble = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (attempt >= retry.maxAttempts()) {
                throw new Ended(Ending.FAILED, leg + ": " + trouble + ", " + attempt + " attempts");
            }
            retries.increment();
            // each device is one bench thread doing one acquisition at a time, as the engine blocks in its backoff
            Thread.sleep(retry.delayAfter(attempt, retryAfter).toMillis());
        }
    }

    private static String describe(String leg, WireResponse answer) {
        Problem problem = ServerConnection.problemOf(answer);
        return leg + ": " + answer.status() + " " + problem.code() + ": " + problem.detail();
    }

    private static Boolean status(WireResponse answer, UUID tid, ServerState expected) {
        try {
            TransactionStatus status = Json.read(answer.body(), TransactionStatus.class);
            return tid.equals(status.transactionId()) && status.state() == expected ? Boolean.TRUE : null;
        } catch (MalformedJsonException garbled) {
            return null;
        }
    }

    /** A sound leg-4 answer, or null when it is garbled or its signature does not hold. */
    private Received rightsOf(WireResponse answer, UUID tid, String offerId, boolean verify) throws Ended {
        IssuedRights issued;
        try {
            issued = Json.read(answer.body(), IssuedRights.class);
        } catch (MalformedJsonException garbled) {
            return null;
        }
        JsonNode rights = issued.rights();
        if (!tid.equals(issued.transactionId()) || issued.state() != ServerState.ISSUED || rights == null
                || !rights.isObject()) {
            return null;
        }
        boolean forThisTransaction = tid.toString().equals(rights.path("transactionId").asText())
                && deviceId.toString().equals(rights.path("deviceId").asText())
                && offerId.equals(rights.path("offerId").asText());
        boolean checked = verify || !forThisTransaction;
        if (checked && !signatureHolds(issued)) {
            return null;
        }
        if (!forThisTransaction) {
            throw new Ended(Ending.FAILED, "leg 4: the server signed rights that are not for this transaction, "
                    + "device and offer");
        }
        try {
            return new Received(UUID.fromString(rights.path("rightsId").asText()), issued, checked);
        } catch (IllegalArgumentException noRightsId) {
            return null;
        }
    }

    /** Verifies the signature with the server's published key, fetching the keys again for an unknown key id. */
    private boolean signatureHolds(IssuedRights issued) {
        String keyId = issued.keyId();
        if (keyId == null) {
            return false;
        }
        if (!keys.containsKey(keyId)) {
            try {
                JwkSet published = server.keys();
                if (published.keys() != null) {
                    published.keys().forEach(key -> keys.put(key.kid(), key));
                }
            } catch (IOException unreachable) {
                return false;
            }
        }
        boolean holds = RightsVerifier.verify(keys.get(keyId), issued.rights(), issued.signature());
        if (holds) {
            verified.increment();
        }
        return holds;
    }
}

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
import dev.licex.protocol.signature.RightsVerifier;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.time.Duration;
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
 * signature of every {@code verifyEvery}-th rights object (1: all of them).
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
        this.keys = Map.copyOf(keys);
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
            UUID rightsId = null;
            for (int opens = 1; rightsId == null; opens++) {
                send("leg 1", () -> server.open(tid, deviceId, TransactionKind.ACQUIRE),
                        answer -> status(answer, tid, ServerState.OPEN));
                try {
                    rightsId = send("leg 3", () -> server.requestRights(tid, offerId),
                            answer -> rightsOf(answer, tid, offerId, verify));
                } catch (UnknownTransaction lostByTheServer) {
                    // as the client engine does: open the same T again, then ask again
                    if (opens >= retry.maxAttempts()) {
                        throw new Ended(Ending.FAILED, lostByTheServer.getMessage() + ", after opening T " + opens
                                + " times");
                    }
                }
            }
            UUID held = rightsId;
            send("leg 5", () -> server.complete(tid, held), answer -> status(answer, tid, ServerState.COMPLETED));
            return Finished.COMPLETED;
        } catch (Ended ended) {
            return ended.finished;
        } catch (UnknownTransaction unknown) {
            return new Finished(Ending.FAILED, unknown.getMessage());
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

    /** The rights id of a sound leg-4 answer, or null when it is garbled. */
    private UUID rightsOf(WireResponse answer, UUID tid, String offerId, boolean verify) throws Ended {
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
        if (verify) {
            if (!RightsVerifier.verify(keys.get(issued.keyId()), rights, issued.signature())) {
                return null;
            }
            verified.increment();
        }
        if (!tid.toString().equals(rights.path("transactionId").asText())
                || !deviceId.toString().equals(rights.path("deviceId").asText())
                || !offerId.equals(rights.path("offerId").asText())) {
            throw new Ended(Ending.FAILED, "leg 4: the server signed rights that are not for this transaction, "
                    + "device and offer");
        }
        try {
            return UUID.fromString(rights.path("rightsId").asText());
        } catch (IllegalArgumentException noRightsId) {
            return null;
        }
    }
}

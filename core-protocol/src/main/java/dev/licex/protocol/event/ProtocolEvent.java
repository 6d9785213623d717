package dev.licex.protocol.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Everything that happens in the protocol, on either side, as it happens. The handshake view
 * rebuilds a diagram from these alone, so each carries its side, its transaction and its time.
 */
public sealed interface ProtocolEvent {

    Instant at();

    Side side();

    /** The transaction this event belongs to; null only for {@link ServerRestarted}. */
    UUID transactionId();

    /**
     * A message left this side. {@code attempt} counts from 1; above 1 it is a retry. {@code state}
     * is the sender's state of T as the message left; {@code account} is known on the server only.
     */
    record MessageSent(Instant at, Side side, UUID transactionId, Leg leg, int attempt, String summary,
            String state, String account) implements ProtocolEvent {
    }

    /** A message arrived. {@code status} is the HTTP status for answers, 0 for requests. */
    record MessageReceived(Instant at, Side side, UUID transactionId, Leg leg, int status, String summary,
            String account) implements ProtocolEvent {
    }

    /**
     * The server recognised a repeat of a leg it had already processed and answered from what it
     * stored, changing nothing: the idempotence that makes retries safe.
     */
    record Repeat(Instant at, Side side, UUID transactionId, Leg leg, String detail) implements ProtocolEvent {
    }

    /** A message was sent but no usable answer came back: lost, cut, timed out or garbled. */
    record MessageLost(Instant at, Side side, UUID transactionId, Leg leg, String reason)
            implements ProtocolEvent {
    }

    /** A durable write committed. {@code change} says in words what was stored or deleted. */
    record Stored(Instant at, Side side, UUID transactionId, String change, Holding holding)
            implements ProtocolEvent {
    }

    /** The client will send {@code leg} again after {@code delayMillis}. */
    record RetryScheduled(Instant at, Side side, UUID transactionId, Leg leg, int nextAttempt, long delayMillis,
            String reason) implements ProtocolEvent {
    }

    /** The simulator applied a fault rule to a message of this transaction. */
    record FaultApplied(Instant at, Side side, UUID transactionId, Leg leg, String action, String detail)
            implements ProtocolEvent {
    }

    /** The engine stopped before a leg in step mode and waits to be released. */
    record Paused(Instant at, Side side, UUID transactionId, Leg leg) implements ProtocolEvent {
    }

    /** The transaction reached an end on this side: completed, refused, failed or in conflict. */
    record Finished(Instant at, Side side, UUID transactionId, String outcome, String detail)
            implements ProtocolEvent {
    }

    /** The server dropped every connection and in-memory structure and came back from its database. */
    record ServerRestarted(Instant at, Side side, UUID transactionId, String reason) implements ProtocolEvent {
    }
}

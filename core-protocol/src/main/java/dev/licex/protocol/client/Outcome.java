package dev.licex.protocol.client;

import dev.licex.protocol.message.Problem;
import dev.licex.protocol.rights.HeldRights;
import java.util.UUID;

/** How a drive of one transaction ended. */
public sealed interface Outcome {

    UUID transactionId();

    /**
     * All legs done; the rights are stored and the server knows it. {@code rights} is null only
     * when they have left the device since (returned).
     */
    record Completed(UUID transactionId, HeldRights rights) implements Outcome {
    }

    /** A return went through: the server took the rights back and the device deleted them. */
    record Returned(UUID transactionId, UUID rightsId) implements Outcome {
    }

    /** A cancellation went through: nothing of the acquisition is held anywhere. */
    record Cancelled(UUID transactionId) implements Outcome {
    }

    /** The server refused for a business reason; nothing was issued. */
    record Refused(UUID transactionId, Problem problem) implements Outcome {
    }

    /** A request the server will never accept; nothing was issued. */
    record Failed(UUID transactionId, Problem problem) implements Outcome {
    }

    /** The server and the device disagree about T; kept for inspection. */
    record Conflict(UUID transactionId, String detail) implements Outcome {
    }

    /** Still unfinished after every retry (server unreachable or failing); {@code recover} resumes it. */
    record Pending(UUID transactionId, String state, String lastError) implements Outcome {
    }
}

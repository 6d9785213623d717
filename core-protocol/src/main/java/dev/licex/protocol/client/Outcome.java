package dev.licex.protocol.client;

import dev.licex.protocol.message.Problem;
import dev.licex.protocol.rights.HeldRights;
import java.util.UUID;

/** How a drive of one transaction ended. */
public sealed interface Outcome {

    UUID transactionId();

    /** All legs done; the rights are stored and the server knows it. */
    record Completed(UUID transactionId, HeldRights rights) implements Outcome {
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

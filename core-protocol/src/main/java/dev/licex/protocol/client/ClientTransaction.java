package dev.licex.protocol.client;

import dev.licex.protocol.message.TransactionKind;
import java.time.Instant;
import java.util.UUID;

/** One transaction as the device's store holds it. */
public record ClientTransaction(
        UUID transactionId,
        TransactionKind kind,
        ClientState state,
        String offerId,
        UUID rightsId,
        String label,
        String server,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant updatedAt) {
}

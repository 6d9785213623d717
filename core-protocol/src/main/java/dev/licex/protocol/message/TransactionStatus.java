package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** Legs 2 and 6, and {@code GET /v1/transactions/{T}}: where a transaction stands on the server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionStatus(UUID transactionId, ServerState state, UUID rightsId) {
    public TransactionStatus(UUID transactionId, ServerState state) {
        this(transactionId, state, null);
    }
}

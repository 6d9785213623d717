package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** Leg 1: the client registers its transaction id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenTransaction(UUID transactionId, UUID deviceId, TransactionKind kind) {
}

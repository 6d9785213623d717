package dev.licex.protocol.server;

import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import java.util.UUID;

/** One row of the server's transactions table. */
record TransactionRow(String accountId, UUID transactionId, UUID deviceId, TransactionKind kind, ServerState state,
        String offerId, UUID rightsId, Integer responseStatus, String responseBody) {
}

package dev.licex.protocol.message;

import java.util.UUID;

/** Leg 4 of a return: the server took the rights back and restored one unit of stock. */
public record ReturnedRights(UUID transactionId, ServerState state, UUID rightsId) {
}

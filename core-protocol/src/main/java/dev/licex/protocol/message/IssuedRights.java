package dev.licex.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * Leg 4. The rights travel as the JSON tree the server signed, so the client verifies the
 * signature over exactly what arrived, not over its own re-encoding.
 */
public record IssuedRights(UUID transactionId, ServerState state, JsonNode rights, String signature, String keyId) {
}

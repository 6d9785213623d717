package dev.licex.protocol.rights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.RightsVerifier;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Whether rights held in a device store are genuine and this device's: the stored JSON verifies
 * against the server key pinned under its key id, names this device, and is what the row's columns
 * show. A hand-edited body fails the signature, edited columns no longer show the body, and a row
 * copied from another device names the other device.
 */
public final class RightsIntegrity {

    private RightsIntegrity() {
    }

    public static boolean genuine(HeldRights held, UUID deviceId, Jwk pinnedKey) {
        if (pinnedKey == null || !deviceId.equals(held.rights().deviceId()) || !held.listed().shows(held.rights())) {
            return false;
        }
        try {
            JsonNode tree = Json.parse(held.body().getBytes(StandardCharsets.UTF_8));
            return RightsVerifier.verify(pinnedKey, tree, held.signature());
        } catch (MalformedJsonException e) {
            return false;
        }
    }
}

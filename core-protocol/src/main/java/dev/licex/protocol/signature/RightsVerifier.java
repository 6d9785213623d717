package dev.licex.protocol.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.CanonicalJson;

/** Checks a rights signature against a published key. */
public final class RightsVerifier {
    private RightsVerifier() {
    }

    public static boolean verify(Jwk key, JsonNode rights, String signature) {
        if (key == null || signature == null || rights == null || !rights.isObject()
                || !"OKP".equals(key.kty()) || !"Ed25519".equals(key.crv()) || key.x() == null) {
            return false;
        }
        try {
            return Ed25519.verify(Base64Url.decode(key.x()), CanonicalJson.bytes(rights), Base64Url.decode(signature));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}

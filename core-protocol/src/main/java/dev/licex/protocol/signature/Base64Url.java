package dev.licex.protocol.signature;

import java.util.Base64;

/** base64url without padding, as JWS and JWK use it. */
final class Base64Url {
    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}

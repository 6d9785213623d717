package dev.licex.protocol.signature;

import java.util.List;

/** The body of {@code GET /.well-known/licex-keys}. */
public record JwkSet(List<Jwk> keys) {
}

package dev.licex.protocol.signature;

/** An Ed25519 public key as an RFC 8037 JSON Web Key. */
public record Jwk(String kty, String crv, String kid, String x) {
    public static Jwk ed25519(String kid, String x) {
        return new Jwk("OKP", "Ed25519", kid, x);
    }
}

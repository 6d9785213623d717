package dev.licex.protocol.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.CanonicalJson;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/** The server's signing key: signs the canonical JSON of a rights object. */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {

    /**
     * Signing trusts the public key instead of deriving it each time, so a key pair that does not
     * belong together (a damaged row in the key table) is refused here rather than signing rights
     * that no device could verify.
     */
    public SigningKey {
        if (!Ed25519.matches(privateKey, publicKey)) {
            throw new IllegalArgumentException("the public key of signing key " + keyId
                    + " does not belong to its private key");
        }
    }

    public static SigningKey generate(String keyId) {
        KeyPair pair = Ed25519.generate();
        return new SigningKey(keyId, pair.getPrivate(), pair.getPublic());
    }

    public static SigningKey fromStored(String keyId, String pkcs8Base64, String rawPublicBase64Url) {
        return new SigningKey(keyId,
                Ed25519.privateKeyFromPkcs8(Base64.getDecoder().decode(pkcs8Base64)),
                Ed25519.publicKeyFromRaw(Base64Url.decode(rawPublicBase64Url)));
    }

    public String privateKeyPkcs8Base64() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    public String sign(JsonNode rights) {
        return Base64Url.encode(Ed25519.sign(privateKey, publicKey, CanonicalJson.bytes(rights)));
    }

    public Jwk jwk() {
        return Jwk.ed25519(keyId, Base64Url.encode(Ed25519.rawPublicKey(publicKey)));
    }
}

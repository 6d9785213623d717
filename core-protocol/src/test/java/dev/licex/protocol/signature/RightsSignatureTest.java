package dev.licex.protocol.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RightsSignatureTest {

    private final SigningKey key = SigningKey.generate("k-test");
    private final Rights rights = new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice", UUID.randomUUID(),
            "film-1", "c-film-1", new Rules(10, null, "2027-01-01T00:00:00Z"), "2026-11-24T10:00:00Z");

    @Test
    void aSignatureVerifiesOverTheSameRightsHoweverTheyAreFormatted() {
        JsonNode tree = Json.tree(rights);
        String signature = key.sign(tree);
        String reformatted = tree.toPrettyString();
        JsonNode reparsed = Json.parse(reformatted.getBytes(StandardCharsets.UTF_8));
        assertThat(RightsVerifier.verify(key.jwk(), reparsed, signature)).isTrue();
    }

    @Test
    void aChangedRightsObjectIsRejected() {
        JsonNode tree = Json.tree(rights);
        String signature = key.sign(tree);
        ObjectNode forged = tree.deepCopy();
        ((ObjectNode) forged.get("rules")).put("plays", 1000);
        assertThat(RightsVerifier.verify(key.jwk(), forged, signature)).isFalse();

        ObjectNode otherDevice = tree.deepCopy();
        otherDevice.put("deviceId", UUID.randomUUID().toString());
        assertThat(RightsVerifier.verify(key.jwk(), otherDevice, signature)).isFalse();

        ObjectNode extraField = tree.deepCopy();
        extraField.put("transferable", true);
        assertThat(RightsVerifier.verify(key.jwk(), extraField, signature)).isFalse();
    }

    @Test
    void anotherKeyOrAGarbledSignatureIsRejected() {
        JsonNode tree = Json.tree(rights);
        String signature = key.sign(tree);
        assertThat(RightsVerifier.verify(SigningKey.generate("k-other").jwk(), tree, signature)).isFalse();
        assertThat(RightsVerifier.verify(key.jwk(), tree, "not base64 !!")).isFalse();
        assertThat(RightsVerifier.verify(key.jwk(), tree, signature.substring(4))).isFalse();
        assertThat(RightsVerifier.verify(Jwk.ed25519("k-test", "AAAA"), tree, signature)).isFalse();
    }

    @Test
    void thePublishedJwkIsTheRawKeyInBase64Url() {
        Jwk jwk = key.jwk();
        assertThat(jwk.kty()).isEqualTo("OKP");
        assertThat(jwk.crv()).isEqualTo("Ed25519");
        assertThat(jwk.x()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Ed25519.rawPublicKey(Ed25519.publicKeyFromRaw(Base64Url.decode(jwk.x()))))
                .isEqualTo(Base64Url.decode(jwk.x()));
    }

    @Test
    void signaturesAreTheStandardEd25519BytesThatTheJdkVerifies() throws Exception {
        SigningKey key = SigningKey.generate("k-interop");
        byte[] message = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(key.privateKey());
        jdk.update(message);
        byte[] byJdk = jdk.sign();

        assertThat(Ed25519.sign(key.privateKey(), key.publicKey(), message)).isEqualTo(byJdk);
        jdk.initVerify(key.publicKey());
        jdk.update(message);
        assertThat(jdk.verify(Ed25519.sign(key.privateKey(), key.publicKey(), message))).isTrue();
        assertThat(Ed25519.verify(key.publicKey(), message, byJdk)).isTrue();
        assertThat(Ed25519.verify(key.publicKey(), message, new byte[10])).isFalse();
    }

    @Test
    void aStoredKeyRoundTrips() {
        SigningKey restored = SigningKey.fromStored(key.keyId(), key.privateKeyPkcs8Base64(), key.jwk().x());
        JsonNode tree = Json.tree(rights);
        assertThat(RightsVerifier.verify(key.jwk(), tree, restored.sign(tree))).isTrue();
    }

    @Test
    void aStoredKeyWhosePublicHalfBelongsToAnotherKeyIsRefused() {
        SigningKey other = SigningKey.generate("k-other");
        assertThatThrownBy(() -> SigningKey.fromStored(key.keyId(), key.privateKeyPkcs8Base64(), other.jwk().x()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to its private key");
    }
}

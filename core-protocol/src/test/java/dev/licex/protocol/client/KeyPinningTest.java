package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.server.SigningKeys;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device pins the server keys it has seen: rotation is followed, substitution is refused. */
class KeyPinningTest {

    @TempDir
    Path dir;

    @Test
    void aRotatedKeyIsFetchedAndPinnedWhileRightsSignedWithTheOldOneStayValid() throws Exception {
        Path serverDir = dir.resolve("server");
        TestServer server = TestServer.start(serverDir);
        TestDevice device = TestDevice.of(dir.resolve("device"), server.transport());
        Outcome.Completed before = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);
        String oldKey = before.rights().keyId();

        String newKey = SigningKeys.rotate(server.runtime.database(), Clock.systemUTC());
        server.runtime.restart("the operator rotated the signing key");
        device.close();
        device = TestDevice.of(dir.resolve("device"), server.transport());
        Outcome.Completed after = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);

        assertThat(after.rights().keyId()).isEqualTo(newKey).isNotEqualTo(oldKey);
        assertThat(device.store.pinnedKey(oldKey)).isPresent();
        assertThat(device.store.pinnedKey(newKey)).isPresent();
        assertThat(device.store.status(device.store.rights(before.rights().rightsId()).orElseThrow()))
                .isEqualTo(RightsStatus.VALID);
        device.close();
        server.close();
    }

    @Test
    void aServerThatSwapsTheKeyBehindAKnownIdIsNotBelieved() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = new TestDevice(dir.resolve("device"), server.transport(), TestServer.ALICE_TOKEN,
                        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)), StepGate.OPEN)) {
            String keyId = ((Outcome.Completed) device.engine.acquire(TestServer.FILM, null)).rights().keyId();
            SigningKey impostor = SigningKey.generate(keyId);
            try (Connection c = server.runtime.database().dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE signing_keys SET private_key = ?, public_key = ? WHERE key_id = ?")) {
                ps.setString(1, impostor.privateKeyPkcs8Base64());
                ps.setString(2, impostor.jwk().x());
                ps.setString(3, keyId);
                ps.executeUpdate();
                c.commit();
            }
            server.runtime.restart("the key behind " + keyId + " was swapped");

            Outcome outcome = device.engine.acquire(TestServer.FILM, null);

            assertThat(outcome).isInstanceOf(Outcome.Pending.class);
            assertThat(((Outcome.Pending) outcome).lastError()).contains("signature does not verify");
            assertThat(device.store.rights()).hasSize(1);
        }
    }
}

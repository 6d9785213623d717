package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsSeal;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal lets a listing skip the signature check only for rows exactly as they were verified;
 * anything else is verified in full, and using rights always is.
 */
class RightsSealTest {

    @TempDir
    Path dir;
    private TestServer server;
    private TestDevice device;
    private TestDevice other;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        device = TestDevice.of(dir.resolve("device"), server.transport());
        other = TestDevice.of(dir.resolve("other"), server.transport());
    }

    @AfterEach
    void stop() {
        device.close();
        other.close();
        server.close();
    }

    private static Connection open(Path folder) throws Exception {
        DatabaseConfig config = DatabaseConfig.h2(folder, "device");
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private UUID acquire(TestDevice on) throws Exception {
        return ((Outcome.Completed) on.engine.acquire(TestServer.FILM, "The Long Voyage")).rights().rightsId();
    }

    private HeldRights held(UUID rightsId) {
        return device.store.rights(rightsId).orElseThrow();
    }

    @Test
    void rightsStoredByTheEngineAreSealedAndListValid() throws Exception {
        UUID rightsId = acquire(device);
        assertThat(held(rightsId).seal()).isNotBlank();
        assertThat(device.store.status(held(rightsId))).isEqualTo(RightsStatus.VALID);
    }

    @Test
    void anEditedRowKeepingItsOldSealIsInvalid() throws Exception {
        UUID rightsId = acquire(device);
        try (Connection c = open(dir.resolve("device")); PreparedStatement ps = c.prepareStatement(
                "UPDATE rights SET body = REPLACE(body, 'c-film-1', 'c-film-9') WHERE rights_id = ?")) {
            ps.setObject(1, rightsId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(device.store.status(held(rightsId))).isEqualTo(RightsStatus.SIGNATURE_INVALID);
    }

    @Test
    void aRowCopiedWithItsSealFromAnotherDeviceIsInvalid() throws Exception {
        UUID copied = acquire(other);
        UUID mine = acquire(device);
        try (Connection from = open(dir.resolve("other")); Connection to = open(dir.resolve("device"));
                PreparedStatement read = from.prepareStatement(
                        "SELECT body, signature, key_id, seal FROM rights WHERE rights_id = ?");
                PreparedStatement write = to.prepareStatement(
                        "UPDATE rights SET body = ?, signature = ?, key_id = ?, seal = ? WHERE rights_id = ?")) {
            read.setObject(1, copied);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                for (int i = 1; i <= 4; i++) {
                    write.setString(i, rs.getString(i));
                }
            }
            write.setObject(5, mine);
            assertThat(write.executeUpdate()).isEqualTo(1);
        }
        assertThat(device.store.status(held(mine))).isEqualTo(RightsStatus.SIGNATURE_INVALID);
    }

    @Test
    void aRowWithoutSealIsVerifiedInFullAndSealed() throws Exception {
        UUID rightsId = acquire(device);
        try (Connection c = open(dir.resolve("device"));
                PreparedStatement ps = c.prepareStatement("UPDATE rights SET seal = NULL")) {
            ps.executeUpdate();
        }
        assertThat(held(rightsId).seal()).isNull();
        assertThat(device.store.status(held(rightsId))).isEqualTo(RightsStatus.VALID);
        assertThat(held(rightsId).seal()).as("sealed after the full check").isNotBlank();
    }

    @Test
    void aForgedSealFoolsOnlyTheListingNeverUse() throws Exception {
        UUID rightsId = acquire(device);
        try (Connection c = open(dir.resolve("device"))) {
            String secret;
            try (PreparedStatement ps = c.prepareStatement("SELECT seal_key FROM device");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                secret = rs.getString(1);
            }
            HeldRights before = held(rightsId);
            String forged = before.body().replace("c-film-1", "c-film-9");
            assertThat(forged).isNotEqualTo(before.body());
            try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET body = ?, seal = ? WHERE rights_id = ?")) {
                ps.setString(1, forged);
                ps.setString(2, RightsSeal.of(secret).seal(device.store.deviceId(), before.keyId(),
                        before.signature(), forged, before.listed()));
                ps.setObject(3, rightsId);
                ps.executeUpdate();
            }
        }
        assertThat(device.store.status(held(rightsId))).as("the seal is a cache, documented as such")
                .isEqualTo(RightsStatus.VALID);
        assertThatThrownBy(() -> device.store.use(rightsId)).isInstanceOf(UseRefusedException.class)
                .hasMessageContaining("signature");
    }
}

package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsSeal;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.store.DatabaseConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device store written by the version before listing columns (schema V3) is upgraded on open:
 * its rights list as before, from their new columns, and a row edited before the upgrade is still
 * found out.
 */
class ListingColumnsMigrationTest {

    @TempDir
    Path dir;
    private DatabaseConfig config;
    private final UUID deviceId = UUID.randomUUID();
    private final String secret = RightsSeal.newSecret();
    private final SigningKey key = SigningKey.generate("k-old");

    @BeforeEach
    void storeAsVersionThreeLeftIt() throws Exception {
        config = DatabaseConfig.h2(dir, "device");
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:" + ClientStore.MIGRATIONS.location()).target("3").load().migrate();
        try (Connection c = connect()) {
            execute(c, "INSERT INTO device (singleton, device_id, created_at, seal_key) VALUES (1, ?, 0, ?)",
                    deviceId, secret);
            execute(c, "INSERT INTO server_keys (key_id, x, first_seen) VALUES (?, ?, 0)", key.keyId(),
                    key.jwk().x());
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static void execute(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Rights stored and sealed as version 3 did it; {@code sealed} false as before seals existed. */
    private UUID storeOld(String title, Rules rules, boolean sealed) throws Exception {
        Rights rights = new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice", deviceId, "film-1", "c-film-1",
                rules, "2026-11-01T10:00:00Z");
        String body = new String(Json.write(rights), StandardCharsets.UTF_8);
        String signature = key.sign(Json.tree(rights));
        try (Connection c = connect()) {
            execute(c, "INSERT INTO transactions (transaction_id, kind, state, offer_id, rights_id, label, server, "
                    + "created_at, updated_at) VALUES (?, 'ACQUIRE', 'COMPLETED', ?, ?, ?, 'http://old', 0, 0)",
                    rights.transactionId(), rights.offerId(), rights.rightsId(), title);
            execute(c, "INSERT INTO rights (rights_id, transaction_id, offer_id, content_id, body, signature, key_id, "
                    + "stored_at, seal) VALUES (?,?,?,?,?,?,?,?,?)", rights.rightsId(), rights.transactionId(),
                    rights.offerId(), rights.contentId(), body, signature, key.keyId(), 1_000L,
                    sealed ? versionThreeSeal(signature, body) : null);
        }
        return rights.rightsId();
    }

    private String versionThreeSeal(String signature, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        for (String part : new String[] {deviceId.toString(), key.keyId(), signature, body}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
            mac.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }

    private Map<UUID, ListingEntry> listAfterUpgrade() {
        try (ClientStore store = ClientStore.open(config, new EventBus(), Clock.systemUTC())) {
            return store.listing(0, 100).stream().collect(Collectors.toMap(e -> e.rights().rightsId(), e -> e));
        }
    }

    @Test
    void sealedRightsListWithTheirTermsAndTitleAndStaySealed() throws Exception {
        UUID unlimited = storeOld("The Long Voyage", Rules.unlimited(), true);
        UUID limited = storeOld("Harbour Lights", new Rules(3, "2026-01-01T00:00:00Z", "2999-01-01T00:00:00.123Z"),
                true);

        Map<UUID, ListingEntry> listed = listAfterUpgrade();

        assertThat(listed.get(unlimited).status()).isEqualTo(RightsStatus.VALID);
        assertThat(listed.get(unlimited).rights().title()).isEqualTo("The Long Voyage");
        assertThat(listed.get(unlimited).rights().plays()).isNull();
        assertThat(listed.get(unlimited).rights().notAfter()).isNull();
        assertThat(listed.get(limited).status()).isEqualTo(RightsStatus.VALID);
        assertThat(listed.get(limited).rights().playsLeft()).isEqualTo(3);
        assertThat(listed.get(limited).rights().notBefore()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(listed.get(limited).rights().notAfter()).isEqualTo(Instant.parse("2999-01-01T00:00:00.123Z"));
        try (ClientStore store = ClientStore.open(config, new EventBus(), Clock.systemUTC())) {
            var held = store.rights(limited).orElseThrow();
            assertThat(RightsSeal.of(secret).matches(held.seal(), deviceId, key.keyId(), held.signature(),
                    held.body(), held.listed())).as("moved to the new seal by the upgrade, not left to a full check")
                    .isTrue();
        }
    }

    @Test
    void aRowEditedBeforeTheUpgradeIsStillListedInvalid() throws Exception {
        UUID edited = storeOld("Harbour Lights", new Rules(3, null, null), true);
        UUID intact = storeOld("The Long Voyage", new Rules(3, null, null), true);
        try (Connection c = connect()) {
            execute(c, "UPDATE rights SET body = REPLACE(body, '\"plays\":3', '\"plays\":300') WHERE rights_id = ?",
                    edited);
        }

        Map<UUID, ListingEntry> listed = listAfterUpgrade();

        assertThat(listed.get(edited).status()).isEqualTo(RightsStatus.SIGNATURE_INVALID);
        assertThat(listed.get(intact).status()).isEqualTo(RightsStatus.VALID);
    }

    @Test
    void rightsStoredBeforeSealsExistedAreVerifiedInFullAndThenSealed() throws Exception {
        UUID unsealed = storeOld("The Long Voyage", Rules.unlimited(), false);

        assertThat(listAfterUpgrade().get(unsealed).status()).isEqualTo(RightsStatus.VALID);

        try (ClientStore store = ClientStore.open(config, new EventBus(), Clock.systemUTC())) {
            assertThat(store.rights(unsealed).orElseThrow().seal()).isNotBlank();
        }
    }
}

package db.client;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.rights.Custody;
import dev.licex.protocol.rights.ListedRights;
import dev.licex.protocol.rights.RightsSeal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills the listing columns V4 added from the bodies of rights stored before, and moves each seal
 * to the form that covers them. Only a row whose V3 seal still matched is sealed again: without
 * that, all rights of an upgraded device would be verified with Ed25519 on the first listing (over
 * a minute for 100,000), and a row edited before the upgrade must not be sealed as if verified.
 * It stays unsealed and is verified in full when listed, as before.
 */
public class V5__Listing_columns_from_bodies extends BaseJavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        UUID deviceId = null;
        String secret = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT device_id, seal_key FROM device WHERE singleton = 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                deviceId = rs.getObject(1, UUID.class);
                secret = rs.getString(2);
            }
        }
        if (deviceId == null || secret == null) {
            return;
        }
        RightsSeal seal = RightsSeal.of(secret);
        Mac v3 = v3Mac(secret);
        try (PreparedStatement read = c.prepareStatement("SELECT r.rights_id, t.label, r.plays_used, r.stored_at, "
                + "r.custody, r.body, r.signature, r.key_id, r.seal FROM rights r "
                + "JOIN transactions t ON t.transaction_id = r.transaction_id");
                PreparedStatement write = c.prepareStatement("UPDATE rights SET title = ?, plays = ?, not_before = ?, "
                        + "not_after = ?, seal = ? WHERE rights_id = ?");
                ResultSet rs = read.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                String body = rs.getString(6);
                String signature = rs.getString(7);
                String keyId = rs.getString(8);
                Rights rights;
                try {
                    rights = Json.read(body.getBytes(StandardCharsets.UTF_8), Rights.class);
                } catch (MalformedJsonException e) {
                    // stays without terms and unsealed: listed as invalid, as it was before
                    continue;
                }
                ListedRights listed = ListedRights.of(rights, rs.getString(2), rs.getInt(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Custody.valueOf(rs.getString(5)));
                boolean verified = v3SealMatches(v3, rs.getString(9), deviceId, keyId, signature, body);
                write.setString(1, listed.title());
                write.setObject(2, listed.plays(), Types.INTEGER);
                write.setObject(3, millis(listed.notBefore()), Types.BIGINT);
                write.setObject(4, millis(listed.notAfter()), Types.BIGINT);
                write.setString(5, verified ? seal.seal(deviceId, keyId, signature, body, listed) : null);
                write.setObject(6, rs.getObject(1, UUID.class));
                write.addBatch();
                if (++pending == BATCH) {
                    write.executeBatch();
                    pending = 0;
                }
            }
            write.executeBatch();
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Mac v3Mac(String secret) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        return mac;
    }

    /** The seal as V3 computed it, over the device, key id, signature and body only. */
    private static boolean v3SealMatches(Mac mac, String stored, UUID deviceId, String keyId, String signature,
            String body) {
        if (stored == null) {
            return false;
        }
        for (String part : new String[] {deviceId.toString(), keyId, signature, body}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
            mac.update(bytes);
        }
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal())
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), expected);
    }
}

package dev.licex.protocol.server;

import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.JwkSet;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The server's Ed25519 keys, kept in its store so rights signed before a restart still verify
 * after it. Several instances on one database share the same active key.
 */
public final class SigningKeys {

    private final SigningKey active;
    private final JwkSet published;

    private SigningKeys(SigningKey active, JwkSet published) {
        this.active = active;
        this.published = published;
    }

    static SigningKeys load(Database db, Clock clock) {
        SigningKey active = findActive(db);
        if (active == null) {
            insert(db, SigningKey.generate("k-" + UUID.randomUUID().toString().substring(0, 8)), clock);
            // Instances starting together on an empty database may each insert a key; all of them
            // then pick the same one (newest, then lowest id) and publish every key.
            active = findActive(db);
        }
        return new SigningKeys(active, new JwkSet(all(db)));
    }

    private static SigningKey findActive(Database db) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key_id, private_key, public_key FROM signing_keys WHERE active = TRUE "
                            + "ORDER BY created_at DESC, key_id");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? SigningKey.fromStored(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        });
    }

    private static void insert(Database db, SigningKey key, Clock clock) {
        db.transaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT COUNT(*) FROM signing_keys WHERE active = TRUE");
                    ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO signing_keys (key_id, private_key, public_key, active, created_at) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.privateKeyPkcs8Base64());
                ps.setString(3, key.jwk().x());
                ps.setBoolean(4, true);
                ps.setLong(5, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<Jwk> all(Database db) {
        return db.transaction(c -> {
            List<Jwk> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key_id, public_key FROM signing_keys ORDER BY created_at, key_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(Jwk.ed25519(rs.getString(1), rs.getString(2)));
                }
            }
            return keys;
        });
    }

    /**
     * Makes a new key the active one; the old keys stay published so rights they signed keep
     * verifying on every device. Servers sign with the new key from their next start.
     */
    public static String rotate(Database db, Clock clock) {
        SigningKey key = SigningKey.generate("k-" + UUID.randomUUID().toString().substring(0, 8));
        db.transaction(c -> {
            try (PreparedStatement retire = c.prepareStatement("UPDATE signing_keys SET active = FALSE")) {
                retire.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO signing_keys (key_id, private_key, public_key, active, created_at) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.privateKeyPkcs8Base64());
                ps.setString(3, key.jwk().x());
                ps.setBoolean(4, true);
                ps.setLong(5, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
        return key.keyId();
    }

    public SigningKey active() {
        return active;
    }

    /** Every key that ever signed, active or retired, so old rights keep verifying. */
    public JwkSet published() {
        return published;
    }
}

package dev.licex.protocol.server;

import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.JwkSet;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The server's Ed25519 keys, kept in its store so rights signed before a restart still verify
 * after it. Several instances on one database share the same active key: the first key is created
 * under the store's setup lock, so instances starting together on an empty database agree on it.
 * The published key set is read again from the database every few seconds, so every instance
 * publishes a key that another instance created (a rotation) soon after it exists.
 */
public final class SigningKeys {

    /** How long a published key set is served before it is read again. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final Database db;
    private final Clock clock;
    private final SigningKey active;
    private volatile Published published;

    private record Published(JwkSet keys, long readAt) {
    }

    private SigningKeys(Database db, Clock clock, SigningKey active, JwkSet published) {
        this.db = db;
        this.clock = clock;
        this.active = active;
        this.published = new Published(published, clock.millis());
    }

    static SigningKeys load(Database db, Clock clock) {
        SigningKey active = findActive(db);
        if (active == null) {
            active = db.exclusively(() -> {
                SigningKey created = findActive(db);
                if (created == null) {
                    SigningKey key = SigningKey.generate("k-" + UUID.randomUUID().toString().substring(0, 8));
                    db.transaction(c -> {
                        insert(c, key, clock);
                        return null;
                    });
                    created = key;
                }
                return created;
            });
        }
        return new SigningKeys(db, clock, active, new JwkSet(all(db)));
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

    private static void insert(Connection c, SigningKey key, Clock clock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signing_keys (key_id, private_key, public_key, active, created_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, key.keyId());
            ps.setString(2, key.privateKeyPkcs8Base64());
            ps.setString(3, key.jwk().x());
            ps.setBoolean(4, true);
            ps.setLong(5, clock.millis());
            ps.executeUpdate();
        }
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
        db.exclusively(() -> db.transaction(c -> {
            try (PreparedStatement retire = c.prepareStatement("UPDATE signing_keys SET active = FALSE")) {
                retire.executeUpdate();
            }
            insert(c, key, clock);
            return null;
        }));
        return key.keyId();
    }

    public SigningKey active() {
        return active;
    }

    /** Every key that ever signed, active or retired, so old rights keep verifying. */
    public JwkSet published() {
        Published current = published;
        long now = clock.millis();
        if (now - current.readAt() < REFRESH.toMillis()) {
            return current.keys();
        }
        try {
            current = new Published(new JwkSet(all(db)), now);
            published = current;
        } catch (StoreException e) {
            // the database is away for a moment; the keys read last are still every key that signed
        }
        return current.keys();
    }
}

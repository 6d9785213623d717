package dev.licex.protocol.server;

import dev.licex.protocol.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Accounts and their bearer tokens. */
public final class Accounts {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * How long a successful authentication is remembered. Every request authenticates, so this
     * saves a query per request; a revocation takes effect on every instance within this time.
     */
    static final long REMEMBER_MILLIS = 5_000;
    private static final int REMEMBER_AT_MOST = 10_000;

    private record Remembered(String accountId, long until) {
    }

    private final Database db;
    private final Clock clock;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    Accounts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The account a token belongs to, if the token is known and not revoked. */
    public Optional<String> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        long now = clock.millis();
        String hash = TokenHash.of(token);
        Remembered remembered = recent.get(hash);
        if (remembered != null && remembered.until() > now) {
            return Optional.of(remembered.accountId());
        }
        Optional<String> account = lookUp(hash);
        if (account.isPresent()) {
            if (recent.size() >= REMEMBER_AT_MOST) {
                recent.clear();
            }
            recent.put(hash, new Remembered(account.get(), now + REMEMBER_MILLIS));
        }
        return account;
    }

    private Optional<String> lookUp(String hash) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT account_id FROM accounts WHERE token_hash = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Creates an account with a fresh random token and returns that token; it is not kept. */
    public String create(String name) {
        String token = "lx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        create(name, token);
        return token;
    }

    /**
     * Creates an account with a given token (the demo accounts' well-known tokens) and gives it
     * every offer's default stock.
     */
    public void create(String name, String token) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an account name is 1 to 64 of a-z, 0-9, '.', '_' and '-', "
                    + "starting with a letter or digit");
        }
        long now = clock.millis();
        db.transaction(c -> {
            if (exists(c, name)) {
                throw new IllegalArgumentException("an account named '" + name + "' exists already");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO accounts (account_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setString(3, TokenHash.of(token));
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stock (account_id, offer_id, initial_stock, stock) "
                            + "SELECT ?, offer_id, default_stock, default_stock FROM offers")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public boolean exists(String name) {
        return db.transaction(c -> exists(c, name));
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM accounts WHERE account_id = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public List<Account> list() {
        return db.transaction(c -> {
            List<Account> accounts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT account_id, name, created_at, revoked_at FROM accounts ORDER BY account_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong(4);
                    accounts.add(new Account(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.wasNull() ? null : Instant.ofEpochMilli(revoked)));
                }
            }
            return accounts;
        });
    }

    /** Revokes an account's token; returns false when there is no such active account. */
    public boolean revoke(String name) {
        long now = clock.millis();
        recent.values().removeIf(r -> r.accountId().equals(name));
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE accounts SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, now);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

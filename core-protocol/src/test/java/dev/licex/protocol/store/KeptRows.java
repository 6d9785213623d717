package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Units of work on the {@code kept} table of {@code CommitWorker.MIGRATIONS}, for the store's tests. */
final class KeptRows {

    private KeptRows() {
    }

    /** Inserts one row with a body of {@code bodyLength} characters. */
    static int insert(Connection c, int bodyLength) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kept (id, body) VALUES (?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, "x".repeat(bodyLength));
            return ps.executeUpdate();
        }
    }

    static int insert(Connection c) throws SQLException {
        return insert(c, 1);
    }

    static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM kept"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

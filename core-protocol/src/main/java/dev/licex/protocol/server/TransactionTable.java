package dev.licex.protocol.server;

import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;

/** SQL over the server's transactions table. */
final class TransactionTable {

    private static final String COLUMNS = "account_id, transaction_id, device_id, kind, state, offer_id, rights_id, "
            + "response_status, response_body";

    private static final String UNIQUE_VIOLATION = "23505";

    private TransactionTable() {
    }

    static TransactionRow find(Connection c, String accountId, UUID tid) throws SQLException {
        return select(c, accountId, tid, "");
    }

    /**
     * Reads the row and locks it until commit: the one place racing legs of one T serialize. H2
     * parses a {@code SELECT ... FOR UPDATE} anew on every call (it keeps no such statement in its
     * query cache; 8 % of the server's CPU under load), so on H2 an update that changes nothing
     * takes the same row lock through a statement it does keep.
     */
    static TransactionRow lock(Connection c, boolean postgres, String accountId, UUID tid) throws SQLException {
        if (postgres) {
            return select(c, accountId, tid, " FOR UPDATE");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE transactions SET state = state WHERE account_id = ? AND transaction_id = ?")) {
            ps.setString(1, accountId);
            ps.setObject(2, tid);
            if (ps.executeUpdate() == 0) {
                return null;
            }
        }
        return select(c, accountId, tid, "");
    }

    private static TransactionRow select(Connection c, String accountId, UUID tid, String suffix)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM transactions WHERE account_id = ? AND transaction_id = ?" + suffix)) {
            ps.setString(1, accountId);
            ps.setObject(2, tid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int status = rs.getInt(8);
                Integer responseStatus = rs.wasNull() ? null : status;
                return new TransactionRow(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        TransactionKind.valueOf(rs.getString(4)), ServerState.valueOf(rs.getString(5)),
                        rs.getString(6), rs.getObject(7, UUID.class), responseStatus, rs.getString(9));
            }
        }
    }

    /**
     * Stores T as OPEN unless this account already has a T with that id; returns whether it did.
     * Two instances racing with the same T both end here: the database's primary key lets one
     * insert and makes the other wait for it and then find its row. PostgreSQL says so with
     * {@code ON CONFLICT DO NOTHING}, since a failed statement there would abort the whole
     * transaction; H2 rolls back only the failed statement, so there the duplicate key is caught.
     */
    static boolean insertIfAbsent(Connection c, boolean postgres, String accountId, UUID tid, UUID deviceId,
            TransactionKind kind, long now) throws SQLException {
        String sql = "INSERT INTO transactions (account_id, transaction_id, device_id, kind, state, created_at, "
                + "updated_at) VALUES (?,?,?,?,?,?,?)"
                + (postgres ? " ON CONFLICT (account_id, transaction_id) DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setObject(2, tid);
            ps.setObject(3, deviceId);
            ps.setString(4, kind.name());
            ps.setString(5, ServerState.OPEN.name());
            ps.setLong(6, now);
            ps.setLong(7, now);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!postgres && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Records the outcome of leg 3, the new state and the answer to replay on a repeat, if T is
     * still in the expected state; returns whether it was. The update takes T's row lock and checks
     * the state again once it holds it, so of two racing legs only one moves T on.
     */
    static boolean settle(Connection c, String accountId, UUID tid, ServerState expected, ServerState state,
            String offerId, UUID rightsId, int responseStatus, String responseBody, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET state = ?, offer_id = ?, "
                + "rights_id = ?, response_status = ?, response_body = ?, updated_at = ? "
                + "WHERE account_id = ? AND transaction_id = ? AND state = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, offerId);
            if (rightsId == null) {
                ps.setNull(3, Types.OTHER);
            } else {
                ps.setObject(3, rightsId);
            }
            ps.setInt(4, responseStatus);
            ps.setString(5, responseBody);
            ps.setLong(6, now);
            ps.setString(7, accountId);
            ps.setObject(8, tid);
            ps.setString(9, expected.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** Moves T from the expected state to another, as {@link #settle} does; returns whether it was in it. */
    static boolean setState(Connection c, String accountId, UUID tid, ServerState expected, ServerState state, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET state = ?, updated_at = ? "
                + "WHERE account_id = ? AND transaction_id = ? AND state = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, now);
            ps.setString(3, accountId);
            ps.setObject(4, tid);
            ps.setString(5, expected.name());
            return ps.executeUpdate() == 1;
        }
    }
}

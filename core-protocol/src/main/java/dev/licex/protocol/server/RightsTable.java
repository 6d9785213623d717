package dev.licex.protocol.server;

import dev.licex.protocol.message.Rights;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** SQL over the server's record of every rights object it issued. */
final class RightsTable {

    private RightsTable() {
    }

    /** One issued rights object; state is ACTIVE, REVOKED (cancelled) or RETURNED. */
    record Row(UUID rightsId, String accountId, UUID deviceId, String offerId, String state) {
    }

    static void insert(Connection c, Rights rights, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rights (rights_id, account_id, transaction_id, "
                + "device_id, offer_id, state, issued_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setObject(1, rights.rightsId());
            ps.setString(2, rights.accountId());
            ps.setObject(3, rights.transactionId());
            ps.setObject(4, rights.deviceId());
            ps.setString(5, rights.offerId());
            ps.setString(6, "ACTIVE");
            ps.setLong(7, now);
            ps.executeUpdate();
        }
    }

    static Row lock(Connection c, UUID rightsId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rights_id, account_id, device_id, offer_id, state "
                + "FROM rights WHERE rights_id = ? FOR UPDATE")) {
            ps.setObject(1, rightsId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5)) : null;
            }
        }
    }

    static void setState(Connection c, UUID rightsId, String state, UUID returnedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rights SET state = ?, returned_by = ? WHERE rights_id = ?")) {
            ps.setString(1, state);
            ps.setObject(2, returnedBy);
            ps.setObject(3, rightsId);
            ps.executeUpdate();
        }
    }
}

package dev.licex.protocol.server;

import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.LedgerLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL over the per-account stock of each offer. */
final class StockTable {

    private StockTable() {
    }

    /**
     * Locks the account's stock row of the offer and returns the stock left, or -1 without a row.
     * On H2 through an update that changes nothing, as {@link TransactionTable#lock} explains.
     */
    static int lock(Connection c, boolean postgres, String accountId, String offerId) throws SQLException {
        if (!postgres) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE stock SET stock = stock WHERE account_id = ? AND offer_id = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, offerId);
                if (ps.executeUpdate() == 0) {
                    return -1;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stock FROM stock WHERE account_id = ? AND offer_id = ?"
                + (postgres ? " FOR UPDATE" : ""))) {
            ps.setString(1, accountId);
            ps.setString(2, offerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /**
     * Takes one unit for an issuance if one is left, which locks the row until commit, and returns
     * the units left after it, or -1 when there was none to take or no stock row: one conditional
     * update where a lock, a read and an update used to be.
     */
    static int takeOne(Connection c, String accountId, String offerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE stock SET stock = stock - 1, issued = issued + 1 "
                + "WHERE account_id = ? AND offer_id = ? AND stock > 0")) {
            ps.setString(1, accountId);
            ps.setString(2, offerId);
            if (ps.executeUpdate() == 0) {
                return -1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stock FROM stock WHERE account_id = ? AND offer_id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, offerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void completeOne(Connection c, String accountId, String offerId) throws SQLException {
        update(c, accountId, offerId, "completed = completed + 1");
    }

    static void returnOne(Connection c, String accountId, String offerId) throws SQLException {
        update(c, accountId, offerId, "stock = stock + 1, returned = returned + 1");
    }

    /** Undoes an issuance that was never completed (a cancellation): the unit was never delivered. */
    static void revokeOne(Connection c, String accountId, String offerId) throws SQLException {
        update(c, accountId, offerId, "stock = stock + 1, issued = issued - 1");
    }

    private static void update(Connection c, String accountId, String offerId, String set) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE stock SET " + set + " WHERE account_id = ? AND offer_id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, offerId);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("no stock row for " + accountId + "/" + offerId);
            }
        }
    }

    static List<LedgerLine> ledger(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT offer_id, initial_stock, stock, issued, completed, "
                + "returned FROM stock WHERE account_id = ? ORDER BY offer_id")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                List<LedgerLine> lines = new ArrayList<>();
                while (rs.next()) {
                    lines.add(line(rs, 1));
                }
                return lines;
            }
        }
    }

    static List<AccountLedger> ledgers(Connection c) throws SQLException {
        Map<String, List<LedgerLine>> byAccount = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account_id, offer_id, initial_stock, stock, issued, "
                + "completed, returned FROM stock ORDER BY account_id, offer_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byAccount.computeIfAbsent(rs.getString(1), a -> new ArrayList<>()).add(line(rs, 2));
            }
        }
        List<AccountLedger> ledgers = new ArrayList<>();
        byAccount.forEach((account, lines) -> ledgers.add(new AccountLedger(account, lines)));
        return ledgers;
    }

    private static LedgerLine line(ResultSet rs, int first) throws SQLException {
        return new LedgerLine(rs.getString(first), rs.getInt(first + 1), rs.getInt(first + 2), rs.getInt(first + 3),
                rs.getInt(first + 4), rs.getInt(first + 5));
    }
}

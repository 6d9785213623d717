package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads a store's Flyway schema history without Flyway, to tell whether the schema is already
 * current. Anything else (no history yet, an older or newer version, a failed migration last)
 * is left to Flyway, which migrates or refuses with its own message. What this skips on a current
 * store is Flyway's check that the applied migrations' checksums still match the build's: a
 * migration edited after release is a developer's mistake, found by the tests' fresh stores.
 */
final class SchemaHistory {

    private static final String LAST_APPLIED = "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
            + "ORDER BY \"installed_rank\" DESC";

    private SchemaHistory() {
    }

    static boolean endsAt(DataSource dataSource, String version) {
        try (Connection c = dataSource.getConnection()) {
            if (!hasHistoryTable(c)) {
                // a new store: Flyway creates the history. Asked first because H2 writes every
                // failed statement to a .trace.db file beside the store, which looks like an error
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(LAST_APPLIED)) {
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && version.equals(rs.getString(1)) && rs.getBoolean(2);
                }
            } catch (SQLException unreadableHistory) {
                // a history table not as Flyway makes it: Flyway says what is wrong with it
                return false;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read its schema history: " + e.getMessage(), e);
        }
    }

    private static boolean hasHistoryTable(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            return tables.next();
        }
    }
}

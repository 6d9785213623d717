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
            try (PreparedStatement ps = c.prepareStatement(LAST_APPLIED)) {
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && version.equals(rs.getString(1)) && rs.getBoolean(2);
                }
            } catch (SQLException noHistoryYet) {
                // a store Flyway has not set up: Flyway creates the history or says what is wrong
                return false;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read its schema history: " + e.getMessage(), e);
        }
    }
}

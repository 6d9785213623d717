package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an H2 store's tables carry the {@link RowImageTrigger}, which decides whether its commits
 * are made durable by a {@link CommitJournal}. Only a store whose every table has it may use one: a
 * table without it would be written only at checkpoints, and a replay would set its rows back.
 * Flyway's own history table is left out; it changes only in migrations, which run before the
 * journal opens.
 */
final class JournaledTables {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledTables.class);
    private static final String TABLES = "SELECT t.TABLE_NAME, EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS g "
            + "WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME "
            + "AND g.JAVA_CLASS = ?) FROM INFORMATION_SCHEMA.TABLES t "
            + "WHERE t.TABLE_SCHEMA = 'PUBLIC' AND t.TABLE_TYPE = 'BASE TABLE' "
            + "AND LOWER(t.TABLE_NAME) <> 'flyway_schema_history'";

    private JournaledTables() {
    }

    /** True when the store has tables and every one is journaled; a store with some journaled and some not is logged. */
    static boolean everyTableOf(DataSource pool, String location) {
        int journaled = 0;
        StringBuilder without = new StringBuilder();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(TABLES)) {
                ps.setString(1, RowImageTrigger.class.getName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            journaled++;
                        } else {
                            without.append(without.isEmpty() ? "" : ", ").append(rs.getString(1));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the tables of the store at " + location + ": " + e.getMessage(),
                    e);
        }
        if (journaled > 0 && !without.isEmpty()) {
            LOG.warn("the store at {} has tables without the journal's trigger ({}), so its commits are written"
                    + " to its file instead: give every table the trigger in a migration", location, without);
        }
        return journaled > 0 && without.isEmpty();
    }
}

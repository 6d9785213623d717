package db.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, gives every table the trigger that hands the rows a transaction writes to the commit
 * journal ({@code dev.licex.protocol.store.CommitJournal}), which then makes the server's commits
 * durable instead of a write of H2's file per group of commits. A table added later needs the
 * same trigger in its own migration: without it the store falls back to writing its file per
 * group. PostgreSQL has a write-ahead log of its own and gets nothing.
 */
public class V6__Journal_triggers extends BaseJavaMigration {

    private static final String TRIGGER_CLASS = "dev.licex.protocol.store.RowImageTrigger";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2")) {
            return;
        }
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' "
                        + "AND LOWER(TABLE_NAME) <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("CREATE TRIGGER \"" + table + "_JOURNAL\" AFTER INSERT, UPDATE, DELETE ON \"" + table
                        + "\" FOR EACH ROW CALL '" + TRIGGER_CLASS + "'");
            }
        }
    }
}

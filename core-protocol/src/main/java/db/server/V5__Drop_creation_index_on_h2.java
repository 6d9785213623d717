package db.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the transactions' creation-time index on H2, where the retention purge now walks the
 * table's own row order instead (H2 numbers a table's rows in the order they are inserted, which is
 * the order they were created in). H2's {@code UPDATE} removes and re-adds the row in every index of
 * the table, changed column or not, so legs 3 and 5 each rewrote this index for nothing: 5 of the
 * row and index entries an acquisition wrote. PostgreSQL keeps the index: it has no stable row
 * order, and its updates leave an index whose columns did not change alone.
 */
public class V5__Drop_creation_index_on_h2 extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX transactions_created");
        }
    }
}

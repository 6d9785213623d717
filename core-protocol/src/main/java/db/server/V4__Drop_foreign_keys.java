package db.server;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the foreign keys of the tables every acquisition writes: stock's to accounts and offers,
 * transactions' to accounts, rights' to transactions. H2 keeps an index of its own for each of
 * them, and its {@code UPDATE} removes and re-adds the row in every index of the table, changed
 * column or not, so these four indexes were rewritten on every leg: 8 of the 23 row and index
 * entries an acquisition wrote, and 9 % of the bytes it wrote to the file. The references they
 * checked hold by construction: stock rows are created from existing accounts and offers, a
 * transaction belongs to the account that authenticated it, rights are stored in the database
 * transaction that settles their transaction, and the server deletes none of these rows.
 *
 * <p>Java rather than SQL because H2 and PostgreSQL name the constraints differently; the
 * database's own catalogue says what they are called.
 */
public class V4__Drop_foreign_keys extends BaseJavaMigration {

    private static final List<String> TABLES = List.of("stock", "transactions", "rights");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        DatabaseMetaData catalogue = c.getMetaData();
        for (String table : TABLES) {
            String stored = catalogue.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            Set<String> constraints = new LinkedHashSet<>();
            try (ResultSet rs = catalogue.getImportedKeys(c.getCatalog(), c.getSchema(), stored)) {
                while (rs.next()) {
                    constraints.add(rs.getString("FK_NAME"));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String constraint : constraints) {
                    s.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + constraint + "\"");
                }
            }
        }
    }
}

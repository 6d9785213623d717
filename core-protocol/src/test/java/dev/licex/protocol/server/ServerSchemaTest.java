package dev.licex.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.fault.FaultPlan;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.TestStores;
import dev.licex.protocol.testing.postgres.TestPostgres;
import dev.licex.protocol.transport.InProcessTransport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables every leg writes carry only the indexes the server looks rows up by (on PostgreSQL also the purge). */
class ServerSchemaTest {

    private static final List<String> LEG_TABLES = List.of("stock", "transactions", "rights");

    @TempDir
    Path dir;

    @Test
    void theTablesEveryLegWritesHaveNoForeignKeysAndOnH2NoIndexesForThem() throws Exception {
        DatabaseConfig config = TestStores.server(dir);
        try (ServerRuntime server = ServerRuntime.start(config, new EventBus(), Clock.systemUTC());
                Connection c = connect(config)) {
            for (String table : LEG_TABLES) {
                assertThat(foreignKeys(c, table)).as("foreign keys of %s", table).isEmpty();
            }
            if (config.isH2()) {
                assertThat(indexedColumns(c, "stock")).containsExactlyInAnyOrder("ACCOUNT_ID", "OFFER_ID");
                assertThat(indexedColumns(c, "transactions")).as("the purge walks H2's row order, not an index")
                        .containsExactlyInAnyOrder("ACCOUNT_ID", "TRANSACTION_ID");
                assertThat(indexedColumns(c, "rights")).containsExactly("RIGHTS_ID");
            }
        }
    }

    @Test
    void onH2EveryTableHandsItsRowsToTheCommitJournal() throws Exception {
        DatabaseConfig config = TestStores.server(dir);
        try (ServerRuntime server = ServerRuntime.start(config, new EventBus(), Clock.systemUTC());
                Connection c = connect(config)) {
            if (!config.isH2()) {
                return;
            }
            List<String> unjournaled = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.TABLE_NAME FROM INFORMATION_SCHEMA.TABLES t "
                    + "WHERE t.TABLE_SCHEMA = 'PUBLIC' AND t.TABLE_TYPE = 'BASE TABLE' "
                    + "AND LOWER(t.TABLE_NAME) <> 'flyway_schema_history' AND NOT EXISTS (SELECT 1 FROM "
                    + "INFORMATION_SCHEMA.TRIGGERS g WHERE g.EVENT_OBJECT_TABLE = t.TABLE_NAME "
                    + "AND g.JAVA_CLASS = 'dev.licex.protocol.store.RowImageTrigger')");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unjournaled.add(rs.getString(1));
                }
            }
            assertThat(unjournaled).as("tables without the journal's trigger: give them one in their migration, "
                    + "or the server's commits go back to writing H2's file per group").isEmpty();
            assertThat(count(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TRIGGERS")).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void aStoreMadeBeforeKeepsEveryRowAndStillServes() throws Exception {
        DatabaseConfig config = TestPostgres.isStoreUnderTest()
                ? TestPostgres.config(TestPostgres.emptyDatabase())
                : DatabaseConfig.h2(dir, "server");
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:" + ServerRuntime.MIGRATIONS.location()).target("3").load().migrate();
        UUID tid = UUID.randomUUID();
        try (Connection c = connect(config); Statement s = c.createStatement()) {
            assertThat(foreignKeys(c, "rights")).as("the store before the migration").isNotEmpty();
            s.executeUpdate("INSERT INTO accounts (account_id, name, token_hash, created_at) "
                    + "VALUES ('old', 'old', 'hash-of-old', 1)");
            s.executeUpdate("INSERT INTO offers (offer_id, content_id, title, kind, description, default_stock, "
                    + "created_at) VALUES ('old-film', 'c-old', 'Old', 'film', 'An old film.', 5, 1)");
            s.executeUpdate("INSERT INTO stock (account_id, offer_id, initial_stock, stock, issued, completed) "
                    + "VALUES ('old', 'old-film', 5, 4, 1, 1)");
            s.executeUpdate("INSERT INTO transactions (account_id, transaction_id, device_id, kind, state, offer_id, "
                    + "rights_id, response_status, response_body, created_at, updated_at) VALUES ('old', '" + tid
                    + "', '" + UUID.randomUUID() + "', 'ACQUIRE', 'COMPLETED', 'old-film', '" + tid + "', 200, "
                    + "'{}', 1, 1)");
            s.executeUpdate("INSERT INTO rights (rights_id, account_id, transaction_id, device_id, offer_id, state, "
                    + "issued_at) VALUES ('" + tid + "', 'old', '" + tid + "', '" + UUID.randomUUID()
                    + "', 'old-film', 'ISSUED', 1)");
        }

        EventBus events = new EventBus();
        try (ServerRuntime server = ServerRuntime.start(config, events, Clock.systemUTC());
                TestDevice device = TestDevice.of(dir.resolve("device"),
                        new InProcessTransport(server, new FaultInjector(new FaultPlan(), events, Clock.systemUTC())))) {
            TestServer.seed(server);
            assertThat(device.engine.acquire(TestServer.FILM, null)).isInstanceOf(Outcome.Completed.class);
            try (Connection c = connect(config)) {
                assertThat(foreignKeys(c, "rights")).isEmpty();
                assertThat(count(c, "SELECT COUNT(*) FROM stock WHERE account_id = 'old' AND stock = 4")).isOne();
                assertThat(count(c, "SELECT COUNT(*) FROM transactions WHERE account_id = 'old' AND transaction_id = '"
                        + tid + "' AND state = 'COMPLETED'")).isOne();
                assertThat(count(c, "SELECT COUNT(*) FROM rights WHERE transaction_id = '" + tid + "'")).isOne();
            }
        }
    }

    private static Connection connect(DatabaseConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static String stored(DatabaseMetaData catalogue, String table) throws SQLException {
        return catalogue.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }

    private static List<String> foreignKeys(Connection c, String table) throws SQLException {
        DatabaseMetaData catalogue = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = catalogue.getImportedKeys(c.getCatalog(), c.getSchema(), stored(catalogue, table))) {
            while (rs.next()) {
                names.add(rs.getString("FK_NAME"));
            }
        }
        return names;
    }

    private static List<String> indexedColumns(Connection c, String table) throws SQLException {
        DatabaseMetaData catalogue = c.getMetaData();
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = catalogue.getIndexInfo(c.getCatalog(), c.getSchema(), stored(catalogue, table), false,
                false)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

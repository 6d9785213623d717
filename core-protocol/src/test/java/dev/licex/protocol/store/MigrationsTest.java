package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.crash.CommitWorker;
import dev.licex.protocol.server.ServerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store already at the newest schema opens without Flyway; these tests make sure that shortcut
 * never passes over a store Flyway would have changed or refused.
 */
class MigrationsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"server", "client", "commit-worker"})
    void newestNamesTheNewestMigrationInTheFolder(String store) {
        Migrations migrations = switch (store) {
            case "server" -> ServerRuntime.MIGRATIONS;
            case "client" -> ClientStore.MIGRATIONS;
            default -> CommitWorker.MIGRATIONS;
        };
        DatabaseConfig empty = DatabaseConfig.h2InMemory("migrations-" + UUID.randomUUID());
        MigrationInfo[] all = Flyway.configure().dataSource(empty.jdbcUrl(), empty.user(), empty.password())
                .locations("classpath:" + migrations.location()).load().info().all();

        MigrationInfo newest = Arrays.stream(all).max(Comparator.comparing(MigrationInfo::getVersion)).orElseThrow();
        assertThat(newest.getVersion().getVersion())
                .as("a migration was added to %s: move %s's newest version on", migrations.location(), store)
                .isEqualTo(migrations.newest());
    }

    @Test
    void aStoreWhoseNewestMigrationFailedIsRefusedNotOpened() throws Exception {
        DatabaseConfig config = DatabaseConfig.h2(dir, "device");
        Database.open(config, ClientStore.MIGRATIONS).close();
        execute(config, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
                + ClientStore.MIGRATIONS.newest() + "'");

        assertThatThrownBy(() -> Database.open(config, ClientStore.MIGRATIONS))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("up to date")
                .hasMessageContaining("failed");
    }

    @Test
    void aNewStoreOpensAndClosesWithoutAnErrorTraceBesideIt() throws Exception {
        Database.open(DatabaseConfig.h2(dir, "server"), ServerRuntime.MIGRATIONS).close();
        Database.open(DatabaseConfig.h2(dir, "server"), ServerRuntime.MIGRATIONS).close();

        Path trace = dir.resolve("server.trace.db");
        assertThat(trace).as(() -> "H2 logged an error beside a new store:%n%s".formatted(readQuietly(trace)))
                .doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("server.mv.db");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void execute(DatabaseConfig config, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}

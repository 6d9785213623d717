package dev.licex.cli;

import dev.licex.protocol.store.DataDirectories;
import dev.licex.protocol.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where the server's store is: {@code --db DIR} (H2, the default) or {@code --jdbc URL} (PostgreSQL). */
final class ServerStoreOptions {

    @ArgGroup(exclusive = true)
    Store store = new Store();

    static final class Store {
        @Option(names = "--db", paramLabel = "DIR", description = "An embedded H2 store in this folder (the default: "
                + "the server folder of the user's data directory).")
        Path db;

        @Option(names = "--jdbc", paramLabel = "URL", description = "A PostgreSQL JDBC URL, e.g. "
                + "jdbc:postgresql://db:5432/licex. User from --db-user or LICEX_DB_USER, password from "
                + "LICEX_DB_PASSWORD (never on the command line).")
        String jdbc;
    }

    @Option(names = "--db-user", defaultValue = "${env:LICEX_DB_USER}", description = "PostgreSQL user.")
    String dbUser;

    @Option(names = "--db-pool", defaultValue = "16", description = "Database connections (default ${DEFAULT-VALUE}).")
    int dbPool;

    DatabaseConfig database() throws IOException {
        if (store.jdbc != null) {
            if (!store.jdbc.startsWith("jdbc:postgresql:")) {
                throw new CliFailure(ExitCodes.USAGE, "--jdbc takes a PostgreSQL URL (jdbc:postgresql://...)");
            }
            return DatabaseConfig.postgres(store.jdbc, dbUser, System.getenv("LICEX_DB_PASSWORD"), dbPool);
        }
        Path folder = store.db != null ? store.db : DataDirectories.serverStore();
        Files.createDirectories(folder);
        return DatabaseConfig.h2(folder, "server").withPoolSize(dbPool);
    }
}

package dev.licex.cli;

import dev.licex.protocol.store.DataDirectories;
import dev.licex.protocol.store.DatabaseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                + "LICEX_DB_PASSWORD or --db-password-file (never on the command line).")
        String jdbc;
    }

    @Option(names = "--db-user", defaultValue = "${env:LICEX_DB_USER}", description = "PostgreSQL user (or "
            + "LICEX_DB_USER).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "Read the PostgreSQL password from the "
            + "first line of this file (instead of LICEX_DB_PASSWORD); keep it readable by this user only.")
    Path dbPasswordFile;

    @Option(names = "--db-pool", defaultValue = "16", description = "Database connections of this process (default "
            + "${DEFAULT-VALUE}, at least 2).")
    int dbPool;

    DatabaseConfig database() throws IOException {
        if (dbPool < 2) {
            throw new CliFailure(ExitCodes.USAGE, "--db-pool must be at least 2");
        }
        if (store.jdbc != null) {
            if (!store.jdbc.startsWith("jdbc:postgresql:")) {
                throw new CliFailure(ExitCodes.USAGE, "--jdbc takes a PostgreSQL URL (jdbc:postgresql://...)");
            }
            if (store.jdbc.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]password=.*")) {
                // a command line is visible to every user of the machine (ps, /proc/PID/cmdline)
                throw new CliFailure(ExitCodes.USAGE, "put the database password in LICEX_DB_PASSWORD or "
                        + "--db-password-file, not in the --jdbc URL, where ps shows it to everyone");
            }
            return DatabaseConfig.postgres(store.jdbc, dbUser, password(), dbPool);
        }
        if (dbPasswordFile != null) {
            throw new CliFailure(ExitCodes.USAGE, "--db-password-file goes with --jdbc; an H2 store has no password");
        }
        Path folder = store.db != null ? store.db : DataDirectories.serverStore();
        Files.createDirectories(folder);
        return DatabaseConfig.h2(folder, "server").withPoolSize(dbPool);
    }

    private String password() {
        if (dbPasswordFile == null) {
            return System.getenv("LICEX_DB_PASSWORD");
        }
        try {
            List<String> lines = Files.readAllLines(dbPasswordFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read the password file " + dbPasswordFile + ": " + e);
        }
    }
}

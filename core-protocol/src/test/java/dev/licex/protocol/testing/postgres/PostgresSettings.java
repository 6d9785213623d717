package dev.licex.protocol.testing.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the tests' PostgreSQL is configured, whichever way it is launched. */
final class PostgresSettings {

    /** A login that must give its password (scram-sha-256); every other local login is trusted. */
    static final String PASSWORD_USER = "licex_app";
    static final String PASSWORD = "licex-app-secret";

    private PostgresSettings() {
    }

    /**
     * Server settings. The tests kill licex processes, never PostgreSQL, so PostgreSQL's own crash
     * safety (fsync, full pages, synchronous commit) buys the tests nothing and costs them time.
     */
    static Map<String, String> server() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("max_connections", "300");
        return settings;
    }

    /** Puts the password rule for {@link #PASSWORD_USER} in front of initdb's trust rules (first match wins). */
    static void requirePassword(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            String rules = "host all " + PASSWORD_USER + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + PASSWORD_USER + " ::1/128 scram-sha-256\n";
            Files.writeString(hba, rules + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + hba, e);
        }
    }
}

package dev.licex.protocol.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL started by zonky's {@code EmbeddedPostgres}: the normal way, as a normal user, and
 * also as root where user namespaces work, because zonky then runs initdb and pg_ctl under
 * {@code unshare -U}, where they no longer see uid 0 (PostgreSQL refuses to run as root).
 */
final class ZonkyPostgres implements PostgresProcess {

    private final EmbeddedPostgres postgres;

    private ZonkyPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static ZonkyPostgres start(Path log) {
        try {
            // zonky hands the customizer the data directory it was given, so it must be given one
            Path data = Files.createTempDirectory("licex-pg-data-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setDataDirectoryCustomizer(dir -> PostgresSettings.requirePassword(dir.toPath()))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            PostgresSettings.server().forEach(builder::setServerConfig);
            return new ZonkyPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL (log: " + log + ")", e);
        }
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.licex.protocol.testing.postgres;

import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM (started on first use, stopped when the JVM exits) and a fresh
 * database per test: {@link #database(Path)} gives each test folder its own database, so a test
 * that reopens its folder (a restart) finds its data again, as it would in an H2 file.
 *
 * <p>How it starts depends on who runs the tests. PostgreSQL refuses to run as root. As a normal
 * user, zonky's {@code EmbeddedPostgres} runs it directly; as root, zonky runs it under
 * {@code unshare -U} when user namespaces are allowed (as on these machines), and where they are
 * not, {@link UnprivilegedPostgres} runs zonky's binaries as {@code nobody} through
 * {@code setpriv}. {@code -Dlicex.test.postgres.launcher=zonky|nobody} forces one way.
 */
public final class TestPostgres {

    /** {@code -Dlicex.test.store=postgres} runs the server tests on PostgreSQL instead of H2. */
    public static final String STORE_PROPERTY = "licex.test.store";
    public static final String LAUNCHER_PROPERTY = "licex.test.postgres.launcher";
    public static final String SUPERUSER = "postgres";
    public static final String PASSWORD_USER = PostgresSettings.PASSWORD_USER;
    public static final String PASSWORD = PostgresSettings.PASSWORD;
    private static final String TEMPLATE = "licex_server_template";
    private static final int POOL = 8;

    private static PostgresProcess server;
    private static boolean templateReady;

    private TestPostgres() {
    }

    /** Whether this test run puts the server's store on PostgreSQL. */
    public static boolean isStoreUnderTest() {
        return "postgres".equals(System.getProperty(STORE_PROPERTY));
    }

    /** The shared server, started on first use. */
    public static synchronized PostgresProcess server() {
        if (server == null) {
            server = launch(System.getProperty(LAUNCHER_PROPERTY, "auto"));
            PostgresProcess started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "licex-test-postgres-stop"));
        }
        return server;
    }

    /** Starts a PostgreSQL of its own, which the caller closes: {@code auto}, {@code zonky} or {@code nobody}. */
    public static PostgresProcess launch(String how) {
        Path log;
        try {
            log = Files.createTempFile("licex-test-postgres-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean nobody = switch (how) {
            case "nobody" -> true;
            case "zonky" -> false;
            default -> isRoot() && !io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable();
        };
        return nobody ? UnprivilegedPostgres.start(log) : ZonkyPostgres.start(log);
    }

    public static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    public static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server().port() + "/" + database;
    }

    /**
     * The database of a test folder, created on first use as a copy of an already migrated
     * template (copying is much faster than migrating every test's database).
     */
    public static synchronized DatabaseConfig database(Path folder) {
        String name = "t_" + digest(folder.toAbsolutePath().normalize().toString());
        if (!exists(name)) {
            ensureTemplate();
            admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        }
        return config(name);
    }

    /** A new, empty database (no schema), owned by {@link #PASSWORD_USER} so either login may use it. */
    public static synchronized String emptyDatabase() {
        String name = "e_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name + " OWNER " + PASSWORD_USER + " TEMPLATE template0");
        return name;
    }

    public static DatabaseConfig config(String database) {
        return DatabaseConfig.postgres(url(database), SUPERUSER, null, POOL);
    }

    private static void ensureTemplate() {
        if (templateReady) {
            return;
        }
        admin("DROP DATABASE IF EXISTS " + TEMPLATE);
        admin("CREATE DATABASE " + TEMPLATE + " TEMPLATE template0");
        // the real migrations, exactly as a server runs them on an empty database
        Database.open(config(TEMPLATE), ServerRuntime.MIGRATIONS).close();
        templateReady = true;
    }

    private static boolean exists(String database) {
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, null);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL does not answer: " + e.getMessage(), e);
        }
    }

    /** Runs a statement as the superuser outside any transaction (CREATE DATABASE needs that). */
    public static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, null);
                Statement s = c.createStatement()) {
            ensurePasswordUser(s);
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    private static boolean passwordUserReady;

    private static void ensurePasswordUser(Statement s) throws SQLException {
        if (passwordUserReady) {
            return;
        }
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + PASSWORD_USER + "'")) {
            if (!rs.next()) {
                s.execute("CREATE ROLE " + PASSWORD_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
        }
        passwordUserReady = true;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

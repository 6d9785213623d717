package dev.licex.cli;

import ch.qos.logback.classic.Level;
import dev.licex.protocol.store.DataDirectories;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.StoreException;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", description = "Run the rights server (Jetty) until stopped with Ctrl-C or SIGTERM.")
final class ServerCommand implements Callable<Integer> {

    /** The admin token of a demo simulator ({@code --simulator --seed-demo} without {@code --admin-token}). */
    static final String DEMO_ADMIN_TOKEN = "admin-token";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = SimulatorConfig.LOOPBACK,
            description = "The address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "The port (default ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

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

    @Option(names = "--simulator", description = "Enable the simulator's /admin API: fault injection, event "
            + "stream, restart.")
    boolean simulator;

    @Option(names = "--admin-token", paramLabel = "T", defaultValue = "${env:LICEX_ADMIN_TOKEN}",
            description = "The /admin bearer token (or LICEX_ADMIN_TOKEN). Default with --seed-demo: "
                    + DEMO_ADMIN_TOKEN + "; otherwise a random one, printed at start.")
    String adminToken;

    @Option(names = "--admin-from-anywhere", description = "Answer /admin on every interface, not only loopback.")
    boolean adminFromAnywhere;

    @Option(names = "--seed-demo", description = "Create the demo accounts (tokens alice-token and bob-token) and "
            + "the demo catalog, once, on an empty store.")
    boolean seedDemo;

    @Option(names = "--demo-stock", paramLabel = "N", defaultValue = "100",
            description = "Each demo account's stock of each demo offer (default ${DEFAULT-VALUE}).")
    int demoStock;

    @Option(names = "--retention-days", paramLabel = "DAYS", defaultValue = "30", description = "How long finished "
            + "transactions keep their stored answers before only a small tombstone remains (default ${DEFAULT-VALUE}).")
    int retentionDays;

    @Option(names = "--faults", paramLabel = "FILE", description = "A JSON array of fault rules to start with "
            + "(needs --simulator).")
    Path faults;

    @Override
    public Integer call() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.licex")).setLevel(Level.INFO);
        PrintWriter out = spec.commandLine().getOut();
        if (faults != null && !simulator) {
            throw new CliFailure(ExitCodes.USAGE, "--faults needs --simulator");
        }
        if (port < 0 || port > 65_535) {
            throw new CliFailure(ExitCodes.USAGE, "--port must be between 0 and 65535");
        }
        String admin = adminToken;
        boolean printToken = false;
        if (simulator && (admin == null || admin.isBlank())) {
            admin = seedDemo ? DEMO_ADMIN_TOKEN : randomToken();
            printToken = !seedDemo;
        }
        SimulatorConfig config;
        try {
            config = new SimulatorConfig(host, port, database(), simulator, admin, adminFromAnywhere, seedDemo,
                    demoStock, faults, java.time.Duration.ofDays(retentionDays));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
        RightsServer server = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "licex-shutdown"));
        if (simulator) {
            out.println("simulator admin API at " + server.baseUri() + "/admin"
                    + (printToken ? " (admin token: " + admin + ")" : ""));
        }
        out.println("listening on " + server.baseUri());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private DatabaseConfig database() throws IOException {
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

    private static RightsServer start(SimulatorConfig config) throws Exception {
        try {
            return RightsServer.start(config);
        } catch (StoreException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new CliFailure(ExitCodes.USAGE, "cannot listen on " + config.host() + ":" + config.port()
                        + ": " + e.getMessage() + ". Is another server running there? Choose another --port.");
            }
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package dev.licex.cli;

import ch.qos.logback.classic.Level;
import dev.licex.protocol.store.StoreException;
import dev.licex.protocol.store.StoreUnreachableException;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.TlsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", description = "Run the rights server (Jetty) until stopped with Ctrl-C or SIGTERM.",
        subcommands = {AccountCommand.class, KeysCommand.class})
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

    @Mixin
    ServerStoreOptions store;

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

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "100", description = "Requests per second "
            + "allowed per account and instance, in bursts of up to twice that; more get 429 with Retry-After. 0 turns "
            + "the limit off (default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Close a connection "
            + "that stays silent this long, idle or mid-request (default ${DEFAULT-VALUE}).")
    int idleTimeoutSeconds;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS (TLS 1.2 and 1.3 only) with the "
            + "certificate and key in this PKCS#12 keystore; its password from LICEX_TLS_PASSWORD.")
    Path tlsKeystore;

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
            config = new SimulatorConfig(host, port, store.database(), simulator, admin, adminFromAnywhere, seedDemo,
                    demoStock, faults).withRetention(java.time.Duration.ofDays(retentionDays)).withRateLimit(rateLimit)
                    .withIdleTimeout(java.time.Duration.ofSeconds(idleTimeoutSeconds));
            if (tlsKeystore != null) {
                config = config.withTls(new TlsSettings(tlsKeystore, tlsPassword()));
            }
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

    private static String tlsPassword() {
        String password = System.getenv("LICEX_TLS_PASSWORD");
        if (password == null) {
            throw new CliFailure(ExitCodes.USAGE, "--tls-keystore needs the keystore's password in LICEX_TLS_PASSWORD");
        }
        return password;
    }

    private static RightsServer start(SimulatorConfig config) throws Exception {
        try {
            return RightsServer.start(config);
        } catch (StoreUnreachableException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
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

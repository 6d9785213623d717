package dev.licex.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.fault.FaultPlan;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.server.RateLimit;
import dev.licex.protocol.server.RetentionPurge;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.Database;
import dev.licex.simulator.admin.AdminHandler;
import dev.licex.simulator.catalog.DemoCatalog;
import dev.licex.simulator.http.ApiHandler;
import dev.licex.simulator.http.MetricsHandler;
import dev.licex.simulator.http.PathRouter;
import dev.licex.simulator.http.ProblemErrorHandler;
import dev.licex.simulator.metrics.ServerMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rights server on embedded Jetty 12: the public API, and with {@code simulator} the admin
 * API, fault injection and event stream. Runs standalone ({@code licex server}) or embedded in the
 * desktop app and in tests.
 */
public final class RightsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RightsServer.class);
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /**
     * Compaction moves up to 3 MB a second while the store's chunks are sparse (H2Compaction),
     * enough to keep an H2 store's chunk count level at the 1 350 acquisitions a second measured on
     * a 2-core machine, in ten small steps: moved in one step, the 3 MB took up to 15 ms and went
     * out in one large write that every commit waited behind, once a second, which was most of the
     * p99 at half the maximum rate (docs/performance.md).
     */
    private static final Duration COMPACT_EVERY = Duration.ofMillis(100);
    private static final int COMPACT_BYTES_PER_STEP = (3 << 20) / 10;

    private final SimulatorConfig config;
    private final EventBus events = new EventBus();
    private final FaultPlan faults = new FaultPlan();
    private final ServerMetrics metrics = new ServerMetrics();
    private final ServerRuntime runtime;
    private final Server jetty;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    /**
     * One purge for each database the runtime opens (a simulated restart opens a new one), so that
     * it walks on from where it stopped rather than over every tombstone again; guarded by this
     * server, since tests call {@link #purge} beside the housekeeping thread.
     */
    private RetentionPurge retentionPurge;
    private Database purgedDatabase;
    /** The file writes counted when the store was last compacted; only the housekeeping thread uses it. */
    private long writesAtLastCompaction = -1;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("licex-housekeeping").factory());

    private RightsServer(SimulatorConfig config) throws IOException {
        this.config = config;
        events.subscribe(metrics);
        this.runtime = ServerRuntime.start(config.database(), RateLimit.perSecond(config.rateLimit()), events,
                Clock.systemUTC());
        metrics.bindStore(runtime::database, runtime.storeCounters());
        if (config.seedDemo() && DemoCatalog.seed(runtime, config.demoStock())) {
            LOG.info("seeded the demo catalog and the accounts alice and bob");
        }
        if (config.faultsFile() != null) {
            faults.replace(readScenario(config.faultsFile()));
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("licex-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(8 * 1024);
        this.connector = config.tls() == null
                ? new ServerConnector(jetty, new HttpConnectionFactory(http))
                : new ServerConnector(jetty, new SslConnectionFactory(tls(config.tls()), "http/1.1"),
                        new HttpConnectionFactory(secure(http)));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // A connection that stays silent this long, idle or in the middle of a request, is closed,
        // so slow or half-open clients hold nothing for long; idle connections cost a file
        // descriptor and no thread.
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        jetty.addConnector(connector);
        FaultInjector injector = new FaultInjector(faults, events, Clock.systemUTC());
        AdminHandler admin = config.simulator()
                ? new AdminHandler(runtime, faults, events, config.adminToken(), config.adminFromAnywhere(), this::restart)
                : null;
        PathRouter router = new PathRouter(new ApiHandler(runtime, injector, metrics, this::restart), admin,
                new MetricsHandler(metrics));
        this.graceful = new GracefulHandler(router);
        jetty.setHandler(graceful);
        jetty.setErrorHandler(new ProblemErrorHandler());
        jetty.setStopTimeout(STOP_TIMEOUT_MS);
    }

    /** Starts the server; it listens when this returns. */
    public static RightsServer start(SimulatorConfig config) throws Exception {
        RightsServer server = new RightsServer(config);
        try {
            server.jetty.start();
        } catch (Exception e) {
            server.runtime.close();
            throw e;
        }
        server.housekeeping.scheduleWithFixedDelay(server::purge, PURGE_EVERY.toSeconds(), PURGE_EVERY.toSeconds(),
                TimeUnit.SECONDS);
        server.housekeeping.scheduleWithFixedDelay(server::compact, COMPACT_EVERY.toMillis(), COMPACT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return server;
    }

    /** Drops the stored answers of transactions finished longer ago than the retention period. */
    public synchronized long purge() {
        try {
            Database db = runtime.database();
            if (retentionPurge == null || purgedDatabase != db) {
                retentionPurge = new RetentionPurge(db, Clock.systemUTC(), config.retention());
                purgedDatabase = db;
            }
            return retentionPurge.run();
        } catch (RuntimeException e) {
            LOG.warn("the retention purge failed; it runs again in {}: {}", PURGE_EVERY, e.getMessage());
            return 0;
        }
    }

    /**
     * Compacts an H2 store (nothing on PostgreSQL) if it was written since the last time: pages
     * compaction moves go out with the next write, and until then moving them again would only
     * burn CPU on an idle server. A failure is logged, and it runs again a second later.
     */
    private void compact() {
        long writes = runtime.storeCounters().fileWrites();
        if (writes == writesAtLastCompaction) {
            return;
        }
        writesAtLastCompaction = writes;
        try {
            runtime.database().compact(COMPACT_BYTES_PER_STEP);
        } catch (RuntimeException e) {
            LOG.warn("compacting the store failed; it runs again in {}: {}", COMPACT_EVERY, e.getMessage());
        }
    }

    /** TLS 1.2 and 1.3 only, with the JDK's default strong cipher suites. */
    private static SslContextFactory.Server tls(TlsSettings settings) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(settings.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(settings.password());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }

    private static HttpConfiguration secure(HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        return https;
    }

    /** Reads a scenario file: a JSON array of fault rules, as {@code PUT /admin/faults} takes. */
    public static List<FaultRule> readScenario(Path file) throws IOException {
        try {
            List<FaultRule> rules = Json.mapper().readValue(Files.readAllBytes(file),
                    new TypeReference<List<FaultRule>>() { });
            return rules.stream().map(FaultRule::validated).toList();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("the fault scenario " + file + " is not a JSON array of fault rules: "
                    + e.getMessage(), e);
        }
    }

    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create((config.tls() == null ? "http" : "https") + "://"
                + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    public FaultPlan faults() {
        return faults;
    }

    public EventBus events() {
        return events;
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    public SimulatorConfig config() {
        return config;
    }

    /**
     * A simulated crash: every open connection is dropped and the server's in-memory state is
     * rebuilt from its database. Fault rules and event subscribers are the simulator's own
     * configuration and stay.
     */
    public void restart(String reason) {
        restart(reason, null);
    }

    /** A restart asked for over one connection, which stays open to carry the answer. */
    private void restart(String reason, EndPoint requester) {
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (endPoint != requester) {
                endPoint.close();
            }
        }
        runtime.restart(reason);
    }

    /**
     * Graceful stop: in-flight requests finish and connections close (Jetty gives idle ones a
     * second), up to 5 s in all, then the store closes cleanly.
     */
    @Override
    public void close() {
        stopHousekeeping();
        CompletableFuture<String> openNearTheEnd = CompletableFuture.supplyAsync(this::openWork,
                CompletableFuture.delayedExecutor(STOP_TIMEOUT_MS - 200, TimeUnit.MILLISECONDS));
        try {
            jetty.stop();
        } catch (TimeoutException e) {
            LOG.warn("requests or connections were still open after {} ms ({}); stopping anyway", STOP_TIMEOUT_MS,
                    openNearTheEnd.getNow("not looked at"));
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly", e);
        } finally {
            openNearTheEnd.cancel(false);
            runtime.close();
            metrics.close();
        }
    }

    /**
     * Lets a purge or compaction step in progress finish rather than interrupting it: an interrupt
     * that reaches one of H2's file operations closes the store's file for every connection.
     */
    private void stopHousekeeping() {
        housekeeping.shutdown();
        try {
            if (!housekeeping.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("the store's housekeeping was still running after {} ms; closing the store anyway",
                        STOP_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What keeps a graceful stop waiting, for its warning: requests still running, connections still open. */
    private String openWork() {
        long now = System.currentTimeMillis();
        StringBuilder open = new StringBuilder()
                .append(graceful.getCurrentRequestCount()).append(" request(s) running, ")
                .append(connector.getConnectedEndPoints().size()).append(" connection(s) open");
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            open.append("; ").append(endPoint.getRemoteSocketAddress()).append(" open ")
                    .append(now - endPoint.getCreatedTimeStamp()).append(" ms");
            if (endPoint instanceof IdleTimeout timed) {
                open.append(", idle ").append(timed.getIdleFor()).append(" ms");
            }
        }
        return open.toString();
    }
}

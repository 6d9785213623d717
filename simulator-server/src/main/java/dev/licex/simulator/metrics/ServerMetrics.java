package dev.licex.simulator.metrics;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.H2Chunks;
import dev.licex.protocol.store.StoreCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server's Prometheus metrics: HTTP requests and their latency by route, handshake legs
 * received, issuances, repeats recognised (the retries clients sent), faults injected, restarts.
 */
public final class ServerMetrics implements ProtocolListener {

    private static final Pattern UUID_SEGMENT = Pattern.compile(
            "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Timers by method, route and status; looked up once, not built per request. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // the JIT's compile time, which `licex bench` watches to warm a server up until it settles
        new JvmCompilationMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public void request(String method, String path, int status, long startedNanos) {
        String route = route(path);
        timers.computeIfAbsent(method + " " + route + " " + status, key -> Timer.builder("licex.http.requests")
                        .description("HTTP requests by route and status; status 0 is a connection cut by a fault")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100))
                        .register(registry))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    static String route(String path) {
        String route = UUID_SEGMENT.matcher(path).replaceAll("/{id}");
        return switch (route) {
            case "/v1/transactions", "/v1/transactions/{id}", "/v1/transactions/{id}/rights",
                    "/v1/transactions/{id}/completion", "/v1/transactions/{id}/cancellation",
                    "/v1/transactions/{id}/return", "/v1/catalog", "/v1/ledger", "/healthz", "/readyz", "/metrics",
                    "/.well-known/licex-keys" -> route;
            default -> route.startsWith("/admin/") ? route : "other";
        };
    }

    @Override
    public void on(ProtocolEvent event) {
        if (event.side() != Side.SERVER) {
            return;
        }
        switch (event) {
            case ProtocolEvent.MessageReceived m -> counter("licex.legs.received", "leg", m.leg().name()).increment();
            case ProtocolEvent.Repeat r -> counter("licex.repeats", "leg", r.leg().name()).increment();
            case ProtocolEvent.FaultApplied f -> counter("licex.faults.injected", "action", f.action()).increment();
            case ProtocolEvent.ServerRestarted r -> counter("licex.restarts", "reason", "any").increment();
            case ProtocolEvent.Stored s -> {
                if (s.holding().state() != null) {
                    counter("licex.state.changes", "state", s.holding().state()).increment();
                }
            }
            default -> {
                // other events carry nothing to count
            }
        }
    }

    /**
     * The store's connection pool and its retries: connections in use, requests waiting for one
     * (a pool too small, or a database too slow), and units of work retried after a deadlock or
     * serialization failure (contention between instances); on an H2 file also the commits that
     * changed it and the writes that made them durable. The pool is read through the supplier at
     * each scrape, since a simulated restart replaces it; the counters outlive the restart.
     */
    public void bindStore(Supplier<Database> store, StoreCounters counters) {
        Gauge.builder("licex.db.connections.active", () -> store.get().activeConnections())
                .description("store connections in use").register(registry);
        Gauge.builder("licex.db.connections.waiting", () -> store.get().waitingForConnection())
                .description("requests waiting for a store connection").register(registry);
        Gauge.builder("licex.db.connections.max", () -> store.get().poolSize())
                .description("the most store connections this instance opens").register(registry);
        FunctionCounter.builder("licex.db.retries", counters, StoreCounters::retries)
                .description("database transactions retried after a deadlock or serialization failure")
                .register(registry);
        if (store.get().config().isH2File()) {
            FunctionCounter.builder("licex.db.durable.commits", counters, StoreCounters::durableCommits)
                    .description("commits that changed the H2 file store, each acknowledged once written: to the"
                            + " server's commit journal, or to the H2 file on a store without one")
                    .register(registry);
            FunctionCounter.builder("licex.db.file.writes", counters, StoreCounters::fileWrites)
                    .description("writes of the commit journal (on a store without one, of the H2 file) for those"
                            + " commits; one write serves every commit waiting")
                    .register(registry);
            FunctionCounter.builder("licex.db.durable.wait.seconds", counters, StoreCounters::durableWaitSeconds)
                    .description("time those commits waited, from handing their changes to the journal's (or the H2 file's) writer"
                            + " until the file held them")
                    .register(registry);
            FunctionCounter.builder("licex.db.file.write.seconds", counters, StoreCounters::fileWriteSeconds)
                    .description("time spent writing the journal (or the H2 file) for those commits; per second, the"
                            + " share of time it was being written")
                    .register(registry);
            FunctionCounter.builder("licex.db.disk.syncs", counters, StoreCounters::diskSyncs)
                    .description("times the H2 file's writes (and its journal's) were forced to disk: once a second"
                            + " while it is written")
                    .register(registry);
            FunctionCounter.builder("licex.db.disk.sync.seconds", counters, StoreCounters::diskSyncSeconds)
                    .description("time spent forcing the H2 file's writes to disk")
                    .register(registry);
            Gauge.builder("licex.db.chunks", () -> store.get().h2Chunks().map(H2Chunks::count).orElse(0L))
                    .description("chunks in the H2 file, live and waiting out the retention time; level under"
                            + " steady load, growing without end only if compaction falls behind")
                    .register(registry);
            Gauge.builder("licex.db.chunks.fill", () -> store.get().h2Chunks().map(H2Chunks::liveFillPercent).orElse(0))
                    .description("percent live of the H2 chunks compaction could rewrite; it compacts below "
                            + H2Chunks.COMPACT_BELOW_FILL_PERCENT)
                    .baseUnit("percent").register(registry);
        }
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public void close() {
        gc.close();
        registry.close();
    }
}

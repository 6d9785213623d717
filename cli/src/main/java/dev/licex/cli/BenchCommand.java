package dev.licex.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.licex.cli.bench.BenchResult;
import dev.licex.cli.bench.BenchRun;
import dev.licex.cli.bench.Latency;
import dev.licex.cli.bench.MemoryMonitor;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "bench", description = "Load: complete acquisitions per second and latency percentiles, next to a "
        + "no-op request baseline (GET /healthz) measured by the same clients in the same run.")
final class BenchCommand implements Callable<Integer> {

    /** The target of issue 6: acquisitions per second at least 0.35 x (no-op requests per second / 3). */
    static final double TARGET_RATIO = 0.35;
    /** The longest warm-up of acquisitions that waits for the JIT compilers to settle. */
    static final int MOST_WARMUP_SECONDS = 180;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", split = ",", description = "The server to load; default: an "
            + "embedded one (H2 on disk, commits safe against kill -9) started for this run. Several instances of one "
            + "service (on one PostgreSQL): repeat the option or separate with commas; the clients are spread over "
            + "them.")
    List<URI> servers;

    @Option(names = "--token", defaultValue = "alice-token", description = "The account to acquire as (default "
            + "${DEFAULT-VALUE}).")
    String token;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8", description = "Concurrent clients "
            + "(default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", description = "Measured seconds of "
            + "no-ops and of acquisitions each, cut into alternating slices of at least 2 s so that both see the "
            + "machine in the same states; with --rate, the no-ops first and then the acquisitions in one stretch "
            + "(default ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Seconds of no-ops and then of acquisitions "
            + "before measuring, not counted. Default: 10 s of no-ops (30 with --rate); the acquisitions at least "
            + "as long and then on, in steps of 10 s, until the JIT compilers of the bench and of the server have "
            + "settled (a step in which neither compiled for more than 3 %% of it; the server's compile time is read "
            + "from its /metrics), at most " + MOST_WARMUP_SECONDS + " s.")
    Integer warmupSeconds;

    @Option(names = "--rate", paramLabel = "R", description = "Pace the acquisitions to R per second in all "
            + "(open loop) instead of as fast as possible, to read the latency at that load.")
    Double rate;

    @Option(names = "--devices", paramLabel = "KIND", defaultValue = "wire", converter = DeviceKindConverter.class,
            description = "What each client is: 'wire' (default), the six legs over the wire with T kept in memory, "
            + "so the load generator costs little CPU beside the server it measures; or 'engine', licex's client "
            + "engine with its store in memory, as the app runs it, which costs the machine about as much as the "
            + "server.")
    BenchRun.DeviceKind devices;

    @Option(names = "--verify-every", paramLabel = "N", defaultValue = "16", description = "A wire client verifies "
            + "the signature of every N-th rights object it receives; 1 verifies all (default ${DEFAULT-VALUE}). "
            + "Engine clients verify all.")
    int verifyEvery;

    @Option(names = "--json", description = "Print the result as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || duration < 1 || warmupSeconds != null && warmupSeconds < 0 || rate != null && rate <= 0
                || verifyEvery < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--clients, --duration and --verify-every must be at least 1, "
                    + "--warmup at least 0, --rate above 0");
        }
        Duration measure = Duration.ofSeconds(duration);
        BenchRun.WarmUp warmUp = warmupSeconds != null ? BenchRun.WarmUp.fixed(Duration.ofSeconds(warmupSeconds))
                : BenchRun.WarmUp.untilSettled(Duration.ofSeconds(rate != null ? 30 : 10),
                        Duration.ofSeconds(MOST_WARMUP_SECONDS));
        Path work = servers == null ? Files.createTempDirectory("licex-bench-") : null;
        RightsServer embedded = null;
        try {
            List<URI> targets;
            if (servers == null) {
                embedded = RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                        DatabaseConfig.h2(work, "server").withPoolSize(Math.max(8, clients + 2)), false, null, false,
                        true, 10_000_000, null));
                targets = List.of(embedded.baseUri());
                token = DemoCatalog.ALICE_TOKEN;
            } else {
                targets = servers.stream().map(server -> new ServerOptions.Checked(server).uri()).toList();
            }
            spec.commandLine().getErr().println("bench: " + clients + " " + devices.name().toLowerCase(Locale.ROOT)
                    + " clients against " + targets.stream()
                    .map(URI::toString).collect(java.util.stream.Collectors.joining(" and ")) + ", "
                    + (warmUp.untilSettled() ? warmUp.least().toSeconds() + " s warm-up of no-ops, of acquisitions until "
                            + "the JIT compilers settle (" + warmUp.least().toSeconds() + " to " + warmUp.most().toSeconds()
                            + " s)" : warmUp.least().toSeconds() + " s warm-up of each kind") + ", then " + duration
                    + " s of each"
                    + (rate == null ? " in " + BenchRun.slices(measure) + " alternating slices"
                            : ", the acquisitions paced to " + rate + " a second after the no-ops"));
            BenchResult result;
            try {
                result = new BenchRun(targets, token, clients, warmUp, measure, rate, devices, verifyEvery).run();
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.UNREACHABLE, "the bench could not reach the server: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            } else {
                table(out, result);
            }
            return result.failed() == 0 ? ExitCodes.OK : ExitCodes.PROTOCOL;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            if (work != null) {
                try (Stream<Path> paths = Files.walk(work)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    private static void table(PrintWriter out, BenchResult r) {
        out.println(String.format(Locale.ROOT, "%-22s %12s", "", "per second"));
        out.println(String.format(Locale.ROOT, "%-22s %12.1f   (%d complete, %d refused, %d failed, %d retried legs)",
                "acquisitions", r.acquisitionsPerSecond(), r.acquisitions(), r.refused(), r.failed(), r.retries()));
        if (r.firstFailure() != null) {
            out.println("  first failure: " + r.firstFailure());
        }
        out.println(String.format(Locale.ROOT, "%-22s %12.1f", "no-op GET /healthz", r.noopPerSecond()));
        out.println(String.format(Locale.ROOT, "%-22s %12.3f   (target >= %.2f: %s)", "acq / (no-op / 3)", r.ratio(),
                TARGET_RATIO, r.ratio() >= TARGET_RATIO ? "met" : "NOT met"));
        out.println(String.format(Locale.ROOT, "%-22s %d s of no-ops, %.0f s of acquisitions%s", "warm-up",
                r.warmupSeconds(), r.acquisitionWarmupSeconds(), r.warmupSettled() == null ? ""
                        : r.warmupSettled() ? " (the JIT compilers had settled)"
                        : " (the JIT compilers were still busy: the rates may be low; give a longer --warmup)"));
        out.println(String.format(Locale.ROOT, "%-22s %s clients, %s", "devices", r.devices(),
                r.signaturesVerified() == null ? "every signature verified"
                        : r.signaturesVerified() + " signatures verified (every " + r.verifyEvery() + ")"));
        if (r.memoryMonitorSamplingMs() != null) {
            out.println(String.format(Locale.ROOT, "%-22s %s", "machine",
                    new MemoryMonitor(Duration.ofMillis(r.memoryMonitorSamplingMs())).describe()));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s", "latency (ms)", "p50", "p90", "p99",
                "p99.9", "max"));
        row(out, "acquisition", r.acquisition());
        for (Map.Entry<String, Latency> leg : r.legs().entrySet()) {
            row(out, "  leg " + leg.getKey(), leg.getValue());
        }
        row(out, "no-op", r.noop());
    }

    private static void row(PrintWriter out, String label, Latency l) {
        out.println(String.format(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %9.2f %9.2f", label, l.p50(), l.p90(), l.p99(),
                l.p999(), l.max()));
    }

    /** Accepts "wire" and "engine" in any case. */
    static final class DeviceKindConverter implements ITypeConverter<BenchRun.DeviceKind> {
        @Override
        public BenchRun.DeviceKind convert(String value) {
            try {
                return BenchRun.DeviceKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException("'" + value + "' is not a kind of device: use wire or engine");
            }
        }
    }
}

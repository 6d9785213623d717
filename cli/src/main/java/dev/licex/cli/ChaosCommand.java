package dev.licex.cli;

import dev.licex.cli.chaos.ChaosReportWriter;
import dev.licex.cli.chaos.ProgressBar;
import dev.licex.simulator.chaos.ChaosResult;
import dev.licex.simulator.chaos.ChaosRun;
import dev.licex.simulator.chaos.ChaosSettings;
import dev.licex.simulator.chaos.ChaosTarget;
import dev.licex.simulator.chaos.EmbeddedTarget;
import dev.licex.simulator.chaos.RemoteTarget;
import dev.licex.simulator.chaos.TargetRefusedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chaos", description = "Many acquisitions from several devices under random faults, then recovery, "
        + "then a check that no rights were lost or duplicated; exit 0 only if that holds.")
final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "A simulator (licex server --simulator) to run "
            + "against; default: an embedded one started for this run.")
    URI server;

    @Option(names = "--token", defaultValue = "alice-token", description = "The account the devices use on --server "
            + "(default ${DEFAULT-VALUE}).")
    String token;

    @Option(names = "--admin-token", defaultValue = "${env:LICEX_ADMIN_TOKEN:-admin-token}",
            description = "The simulator's admin token, to inject faults on --server (default: LICEX_ADMIN_TOKEN or "
                    + "admin-token).")
    String adminToken;

    @Option(names = "--acquisitions", paramLabel = "N", defaultValue = "1000", description = "Default ${DEFAULT-VALUE}.")
    int acquisitions;

    @Option(names = "--fault-rate", paramLabel = "P", defaultValue = "0.2",
            description = "Share of requests that meet a fault (default ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--seed", paramLabel = "S", description = "Fixes which faults are drawn (default: random).")
    Long seed;

    @Option(names = "--devices", defaultValue = "4", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--concurrency", defaultValue = "8", description = "Acquisitions at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report as JSON to FILE and as an HTML "
            + "page beside it.")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long chosenSeed = seed != null ? seed : System.nanoTime();
        ChaosSettings settings;
        try {
            settings = new ChaosSettings(acquisitions, faultRate, chosenSeed, devices, concurrency);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
        Path work = Files.createTempDirectory("licex-chaos-");
        try (ChaosTarget target = target(work)) {
            err.println("chaos: " + acquisitions + " acquisitions from " + devices + " devices against "
                    + target.baseUri() + ", fault rate " + faultRate + ", seed " + chosenSeed);
            ProgressBar bar = new ProgressBar(err, System.console() != null);
            ChaosResult result;
            try {
                result = new ChaosRun(settings, target, work, bar).run();
            } catch (TargetRefusedException e) {
                throw new CliFailure(ExitCodes.USAGE, e.getMessage());
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.UNREACHABLE, "the chaos run could not reach the server: " + e.getMessage());
            } finally {
                bar.done();
            }
            print(out, result);
            if (report != null) {
                out.println("report: " + report + " and " + ChaosReportWriter.write(result, report));
            }
            return result.holds() ? ExitCodes.OK : ExitCodes.PROTOCOL;
        } finally {
            deleteTree(work);
        }
    }

    private ChaosTarget target(Path work) throws Exception {
        if (server == null) {
            return EmbeddedTarget.start(work.resolve("server"), acquisitions + 100);
        }
        return new RemoteTarget(new ServerOptions.Checked(server).uri(), token, adminToken);
    }

    private static void print(PrintWriter out, ChaosResult r) {
        out.println(String.format(Locale.ROOT, "%d acquisitions in %.1f s: %s; %d finished by recovery",
                r.settings().acquisitions(), r.durationMillis() / 1000.0, r.outcomes(), r.recovered()));
        out.println("faults injected: " + r.faultsInjected() + "; retries " + r.retries() + "; lost messages "
                + r.lostMessages());
        out.println("latency ms: " + r.latencyMillis());
        var c = r.check();
        out.println(String.format(Locale.ROOT, "check: issued %d, held %d, duplicated %d, lost %d, surplus %d, pending %d",
                c.issued(), c.held(), c.duplicated(), c.lost(), c.surplus(), c.pending()));
        out.println(r.holds() ? "EXACTLY ONCE: HOLDS" : "EXACTLY ONCE: BROKEN");
        c.problems().forEach(p -> out.println("  " + p));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

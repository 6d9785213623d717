package dev.licex.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.transport.HttpTransport;
import dev.licex.simulator.TestRightsServer;
import dev.licex.simulator.catalog.DemoCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a warm-up that lasts until the JIT compilers settle reads, and how it judges a step. */
class CompilerWatchTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCompileTimeOfTheBenchAndOfARealServerFromItsMetrics() throws Exception {
        try (TestRightsServer server = TestRightsServer.start(dir.resolve("server"))) {
            HttpTransport transport = server.transport();
            CompilerWatch watch = new CompilerWatch(List.of(transport));

            Map<String, Double> sample = watch.sample();

            assertThat(sample).containsKeys("bench", transport.describe());
            assertThat(sample.get(transport.describe())).isPositive();
            assertThat(sample.get("bench")).isPositive();
        }
    }

    @Test
    void aServerThatCannotBeAskedIsInTheSampleAsUnknown() {
        try (HttpTransport nobody = HttpTransport.to(URI.create("http://127.0.0.1:1"))) {
            Map<String, Double> sample = new CompilerWatch(List.of(nobody)).sample();

            assertThat(sample.get(nobody.describe())).isNaN();
        }
    }

    @Test
    void aWarmUpThatWaitsForTheCompilersEndsAtItsLongestAndSaysWhetherTheySettled() throws Exception {
        // a fast machine gets through the test catalog's 203 units within the warm-up
        try (TestRightsServer server = TestRightsServer.startWithDemoCatalog(dir.resolve("server"), 1_000_000)) {
            BenchResult result = new BenchRun(List.of(server.uri("")), DemoCatalog.ALICE_TOKEN, 2,
                    BenchRun.WarmUp.untilSettled(Duration.ZERO, Duration.ofSeconds(1)), Duration.ofSeconds(1), null,
                    BenchRun.DeviceKind.WIRE, 16).run();

            assertThat(result.acquisitionWarmupSeconds()).isEqualTo(1.0);
            assertThat(result.warmupSettled()).as("the compilers were watched").isNotNull();
            assertThat(result.acquisitions()).isPositive();
            assertThat(result.refused()).isZero();
            assertThat(result.failed()).isZero();
        }
    }

    @Test
    void aStepIsSettledOnlyWhenNoJvmCompiledForMoreThanThreePercentOfIt() {
        Map<String, Double> before = Map.of("bench", 1_000.0, "http://127.0.0.1:8080", 50_000.0);
        Duration step = Duration.ofSeconds(10);

        assertThat(CompilerWatch.settled(before, Map.of("bench", 1_300.0, "http://127.0.0.1:8080", 50_100.0), step))
                .isTrue();
        assertThat(CompilerWatch.settled(before, Map.of("bench", 1_000.0, "http://127.0.0.1:8080", 50_301.0), step))
                .as("the server compiled for 301 ms of 10 s").isFalse();
        assertThat(CompilerWatch.settled(before, Map.of("bench", 1_000.0, "http://127.0.0.2:8080", 90_000.0), step))
                .as("a server seen only in the later sample says nothing about the step").isTrue();
        assertThat(CompilerWatch.settled(before, Map.of("bench", 1_000.0, "http://127.0.0.1:8080", Double.NaN), step))
                .as("a server that did not answer may have been compiling").isFalse();
    }

    @Test
    void sumsTheCompilersOfAPrometheusPageAndFindsNoneWhereItHasNone() {
        String page = """
                # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
                # TYPE jvm_compilation_time_ms_total counter
                jvm_compilation_time_ms_total{compiler="C1"} 1200.0
                jvm_compilation_time_ms_total{compiler="C2"} 3400.0
                jvm_compilation_time_ms_count 7
                """;

        assertThat(CompilerWatch.compileMillis(page)).isEqualTo(4_600.0);
        assertThat(CompilerWatch.compileMillis("jvm_threads_live_threads 12.0\n")).isNull();
    }
}

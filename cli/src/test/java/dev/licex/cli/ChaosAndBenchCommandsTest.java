package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.cli.bench.MemoryMonitor;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.testing.TestServer;
import dev.licex.simulator.TestRightsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** licex chaos and licex bench: exit codes, report contents, and the verdict on a broken store. */
class ChaosAndBenchCommandsTest {

    @TempDir
    Path dir;

    @Test
    void aChaosRunOnAnEmbeddedSimulatorHoldsAndWritesItsReport() throws Exception {
        Path report = dir.resolve("reports/run.json");

        CliRun run = CliRun.of("chaos", "--acquisitions", "80", "--fault-rate", "0.3", "--seed", "11", "--report",
                report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("EXACTLY ONCE: HOLDS");
        JsonNode json = Json.parse(Files.readAllBytes(report));
        assertThat(json.get("holds").asBoolean()).isTrue();
        assertThat(json.get("settings").get("seed").asLong()).isEqualTo(11);
        assertThat(json.get("outcomes").get("COMPLETED").asLong()).isEqualTo(80);
        assertThat(json.get("check").get("issued").asLong()).isEqualTo(80);
        assertThat(json.get("check").get("held").asLong()).isEqualTo(80);
        assertThat(json.get("faultsInjected").size()).isPositive();
        assertThat(json.get("latencyMillis").has("p99.9")).isTrue();
        String html = Files.readString(dir.resolve("reports/run.html"));
        assertThat(html).contains("Exactly once: holds").contains("<svg").contains("Faults injected");
    }

    @Test
    void aChaosRunAgainstABrokenStoreSaysSoAndFails() throws Exception {
        try (TestRightsServer server = TestRightsServer.start(dir.resolve("server"))) {
            try (Connection c = server.server.runtime().database().dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE stock SET stock = stock - 5 WHERE offer_id = '" + TestServer.FILM + "'");
                c.commit();
            }

            CliRun run = CliRun.of("chaos", "--server", server.server.baseUri().toString(), "--token",
                    TestServer.ALICE_TOKEN, "--admin-token", TestRightsServer.ADMIN_TOKEN, "--acquisitions", "20",
                    "--fault-rate", "0.1", "--seed", "3");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.PROTOCOL);
            assertThat(run.out()).contains("EXACTLY ONCE: BROKEN").contains("does not balance");
        }
    }

    @Test
    void aChaosRunWithAWrongAdminTokenIsAUsageError() throws Exception {
        try (TestRightsServer server = TestRightsServer.start(dir.resolve("server"))) {
            CliRun run = CliRun.of("chaos", "--server", server.server.baseUri().toString(), "--token",
                    TestServer.ALICE_TOKEN, "--admin-token", "wrong", "--acquisitions", "5");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("admin token");
        }
    }

    @Test
    void badChaosSettingsAreUsageErrors() {
        assertThat(CliRun.of("chaos", "--fault-rate", "1.5").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("chaos", "--acquisitions", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("bench", "--clients", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("bench", "--verify-every", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun unknownDevices = CliRun.of("bench", "--devices", "phone");
        assertThat(unknownDevices.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownDevices.err()).contains("use wire or engine");
    }

    @Test
    void benchReportsAcquisitionsNextToTheNoOpBaseline() throws Exception {
        CliRun run = CliRun.of("bench", "--clients", "2", "--duration", "1", "--warmup", "0", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = Json.parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("acquisitions").asLong()).isPositive();
        assertThat(json.get("acquisitionsPerSecond").asDouble()).isPositive();
        assertThat(json.get("noopPerSecond").asDouble()).isPositive();
        assertThat(json.get("ratio").asDouble()).isPositive();
        assertThat(json.get("legs").fieldNames()).toIterable().containsExactly("1 OPEN", "3 REQUEST", "5 COMPLETE");
        assertThat(json.get("acquisition").get("p99").asDouble()).isPositive();
        assertThat(json.get("failed").asLong()).isZero();
        assertThat(json.get("devices").asText()).isEqualTo("wire");
        assertThat(json.get("slices").asInt()).isEqualTo(1);
        assertThat(json.get("signaturesVerified").asLong()).isPositive();
        assertThat(json.get("acquisitionWarmupSeconds").asDouble()).as("--warmup 0 is a fixed warm-up").isZero();
        assertThat(json.get("warmupSettled").isNull()).as("a fixed warm-up does not watch the compilers").isTrue();
        Optional<MemoryMonitor> monitor = MemoryMonitor.running(MemoryMonitor.KDAMONDS);
        assertThat(json.get("memoryMonitorSamplingMs").isNull()).as("this machine's memory monitor").isEqualTo(monitor.isEmpty());
        monitor.ifPresent(m -> assertThat(json.get("memoryMonitorSamplingMs").asLong()).isEqualTo(m.sampling().toMillis()));

        CliRun table = CliRun.of("bench", "--clients", "1", "--duration", "1", "--warmup", "0");
        assertThat(table.out()).contains("acquisitions").contains("no-op GET /healthz").contains("acq / (no-op / 3)")
                .contains("leg 3 REQUEST");
        assertThat(table.out().contains("memory monitor (DAMON) is on")).isEqualTo(monitor.isPresent());
    }

    @Test
    void benchCanLoadWithFullDeviceEnginesThatVerifyEverySignature() throws Exception {
        CliRun run = CliRun.of("bench", "--clients", "2", "--duration", "1", "--warmup", "0", "--devices", "engine",
                "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = Json.parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("devices").asText()).isEqualTo("engine");
        assertThat(json.get("verifyEvery").asInt()).isEqualTo(1);
        assertThat(json.get("signaturesVerified").isNull()).as("the engine verifies all; it is not counted").isTrue();
        assertThat(json.get("failed").asLong()).isZero();
    }

    @Test
    void aPacedBenchStartsNoMoreAcquisitionsThanItsRateAllowsInOneStretch() throws Exception {
        CliRun run = CliRun.of("bench", "--clients", "4", "--duration", "4", "--warmup", "0", "--rate", "5",
                "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = Json.parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("targetRate").asDouble()).isEqualTo(5.0);
        // 5 a second for 4 seconds, plus at most one in flight per client when the measurement began;
        // four free clients as fast as they can would complete hundreds
        assertThat(json.get("acquisitions").asLong()).isBetween(1L, 5L * 4 + 4);
        assertThat(json.get("slices").asInt()).as("4 s unpaced would be two slices of each kind").isEqualTo(1);
        assertThat(json.get("noopPerSecond").asDouble()).as("the baseline is measured in the same run").isPositive();
        assertThat(run.err()).contains("paced to 5.0 a second after the no-ops");
        assertThat(json.get("failed").asLong()).isZero();
    }
}

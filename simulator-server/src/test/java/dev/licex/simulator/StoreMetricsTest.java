package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's counters in /metrics: what an operator reads to see how well H2 commits are grouped. */
class StoreMetricsTest {

    @TempDir
    Path dir;

    @Test
    void eachLegAloneIsOneCommitAndOneWriteAndTheCountsSurviveASimulatedRestart() throws Exception {
        try (TestRightsServer server = TestRightsServer.start(dir)) {
            if (!server.server.runtime().database().config().isH2File()) {
                assertThat(server.send(server.get("/metrics", null)).body()).as("PostgreSQL writes its log itself")
                        .contains("licex_db_retries_total").doesNotContain("licex_db_file_writes_total")
                        .doesNotContain("licex_db_durable_commits_total").doesNotContain("licex_db_chunks")
                        .doesNotContain("licex_db_disk_syncs_total")
                        .doesNotContain("licex_db_durable_wait_seconds_total")
                        .doesNotContain("licex_db_file_write_seconds_total");
                return;
            }
            double commits = metric(server, "licex_db_durable_commits_total");
            double writes = metric(server, "licex_db_file_writes_total");
            double waited = metric(server, "licex_db_durable_wait_seconds_total");
            double writing = metric(server, "licex_db_file_write_seconds_total");

            acquire(server);
            assertThat(server.send(server.get("/v1/catalog", TestServer.ALICE_TOKEN)).statusCode()).isEqualTo(200);

            // legs one at a time share no write; the retention purge, the only other writer, runs hours apart
            assertThat(metric(server, "licex_db_durable_commits_total") - commits)
                    .as("three legs; a catalog read changes nothing").isEqualTo(3);
            assertThat(metric(server, "licex_db_file_writes_total") - writes).as("one write per leg, none for a read")
                    .isEqualTo(3);
            double waitedNow = metric(server, "licex_db_durable_wait_seconds_total") - waited;
            double writingNow = metric(server, "licex_db_file_write_seconds_total") - writing;
            assertThat(writingNow).as("three writes took time").isPositive();
            assertThat(waitedNow).as("a leg alone waits for its own write and nothing else")
                    .isGreaterThanOrEqualTo(writingNow).isLessThan(writingNow + 1.0);
            assertThat(metric(server, "licex_db_chunks")).as("every write added a chunk; none waited out retention yet")
                    .isGreaterThanOrEqualTo(3);
            assertThat(metric(server, "licex_db_chunks_fill_percent")).isBetween(0.0, 100.0);

            HttpResponse<String> restarted = server.send(HttpRequest.newBuilder(server.uri("/admin/restart"))
                    .header("Authorization", "Bearer " + TestRightsServer.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(restarted.statusCode()).isEqualTo(200);
            acquire(server);

            assertThat(metric(server, "licex_db_file_writes_total") - writes)
                    .as("a simulated restart opens a new pool but the counts go on").isEqualTo(6);
        }
    }

    @Test
    void theServerForcesItsWrittenStoreToDiskWithinASecond() throws Exception {
        try (TestRightsServer server = TestRightsServer.start(dir)) {
            if (!server.server.runtime().database().config().isH2File()) {
                return;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "licex_db_disk_syncs_total") >= 1);
            double syncs = metric(server, "licex_db_disk_syncs_total");

            acquire(server);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "licex_db_disk_syncs_total") >= syncs + 1);
            acquire(server);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "licex_db_disk_syncs_total") >= syncs + 2);
            assertThat(metric(server, "licex_db_disk_sync_seconds_total")).isPositive();
        }
    }

    private static void acquire(TestRightsServer server) throws Exception {
        UUID tid = UUID.randomUUID();
        String alice = TestServer.ALICE_TOKEN;
        assertThat(server.send(server.post("/v1/transactions", alice,
                "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> issued = server.send(server.post("/v1/transactions/" + tid + "/rights", alice,
                "{\"offerId\":\"" + TestServer.FILM + "\"}"));
        JsonNode rights = Json.parse(issued.body().getBytes(StandardCharsets.UTF_8)).get("rights");
        assertThat(server.send(server.post("/v1/transactions/" + tid + "/completion", alice,
                "{\"rightsId\":\"" + rights.get("rightsId").asText() + "\"}")).statusCode()).isEqualTo(200);
    }

    private static double metric(TestRightsServer server, String name) throws Exception {
        return server.send(server.get("/metrics", null)).body().lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }
}

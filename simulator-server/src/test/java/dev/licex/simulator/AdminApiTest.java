package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's admin API over real HTTP (CONTRACT.md section 5). */
class AdminApiTest {

    private static final String ADMIN = TestRightsServer.ADMIN_TOKEN;

    @TempDir
    Path dir;
    TestRightsServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestRightsServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + ADMIN);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAdminApiNeedsTheAdminToken() throws Exception {
        assertThat(server.send(server.get("/admin/faults", null)).statusCode()).isEqualTo(401);
        assertThat(server.send(server.get("/admin/faults", TestServer.ALICE_TOKEN)).statusCode()).isEqualTo(401);
        assertThat(server.send(server.get("/admin/ledger", "wrong")).statusCode()).isEqualTo(401);
        assertThat(server.send(admin("/admin/faults").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void faultRulesCanBeListedReplacedAddedAndCleared() throws Exception {
        String rule = "{\"leg\":\"REQUEST\",\"action\":\"DROP_RESPONSE\",\"times\":2}";
        HttpResponse<String> added = server.send(admin("/admin/faults").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rule)));
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(json(server.send(admin("/admin/faults").GET()))).hasSize(1);

        String scenario = "[{\"leg\":\"OPEN\",\"action\":\"DELAY\",\"delayMs\":10},"
                + "{\"leg\":\"COMPLETE\",\"action\":\"ERROR\",\"status\":503,\"probability\":0.5}]";
        HttpResponse<String> replaced = server.send(admin("/admin/faults").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(scenario)));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(server.server.faults().rules()).extracting(FaultRule::action)
                .containsExactly(FaultAction.DELAY, FaultAction.ERROR);

        assertThat(server.send(admin("/admin/faults").DELETE()).statusCode()).isEqualTo(204);
        assertThat(server.server.faults().rules()).isEmpty();
    }

    @Test
    void invalidRulesAreRefusedWithAReason() throws Exception {
        for (String bad : List.of("{\"leg\":\"RIGHTS\",\"action\":\"DROP_REQUEST\"}",
                "{\"leg\":\"OPEN\",\"action\":\"EXPLODE\"}", "{\"leg\":\"OPEN\",\"action\":\"DELAY\"}",
                "{\"leg\":\"OPEN\",\"action\":\"ERROR\",\"status\":200}",
                "{\"leg\":\"OPEN\",\"action\":\"DROP_REQUEST\",\"probability\":2}", "not json", "[]")) {
            HttpResponse<String> response = server.send(admin("/admin/faults")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bad)));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).get("code").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(server.server.faults().rules()).isEmpty();
    }

    @Test
    void theLedgerOfEveryAccount() throws Exception {
        JsonNode ledger = json(server.send(admin("/admin/ledger").GET()));
        assertThat(ledger.get("accounts")).extracting(a -> a.get("accountId").asText())
                .containsExactly(TestServer.ALICE, TestServer.BOB);
    }

    @Test
    void restartDropsConnectionsAndComesBackFromTheDatabase() throws Exception {
        UUID tid = Uuids.v7();
        server.send(server.post("/v1/transactions", TestServer.ALICE_TOKEN,
                "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}"));
        var before = server.server.runtime().engine();

        HttpResponse<String> restarted = server.send(admin("/admin/restart").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(server.server.runtime().engine()).isNotSameAs(before);
        assertThat(json(server.send(server.get("/v1/transactions/" + tid, TestServer.ALICE_TOKEN)))
                .get("state").asText()).isEqualTo("OPEN");
    }

    @Test
    void theEventStreamCarriesEveryLegAndTheFaultApplied() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = server.http.send(admin("/admin/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        received.add(Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test ends by stopping the server
            }
        });
        server.server.faults().add(FaultRule.once(Leg.OPEN, FaultAction.DUPLICATE));

        UUID tid = Uuids.v7();
        server.send(server.post("/v1/transactions", TestServer.ALICE_TOKEN,
                "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.stream()
                .anyMatch(e -> e.get("type").asText().equals("FaultApplied")));
        JsonNode arrived = received.stream().filter(e -> e.get("type").asText().equals("MessageReceived"))
                .findFirst().orElseThrow();
        assertThat(arrived.get("leg").asText()).isEqualTo("OPEN");
        assertThat(arrived.get("transactionId").asText()).isEqualTo(tid.toString());
        assertThat(arrived.get("account").asText()).isEqualTo(TestServer.ALICE);
        assertThat(arrived.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode answered = received.stream().filter(e -> e.get("type").asText().equals("MessageSent"))
                .findFirst().orElseThrow();
        assertThat(answered.get("leg").asText()).isEqualTo("OPENED");
        assertThat(answered.get("state").asText()).isEqualTo("OPEN");
        assertThat(received.stream().filter(e -> e.get("type").asText().equals("FaultApplied")).findFirst()
                .orElseThrow().get("action").asText()).isEqualTo("DUPLICATE");
        assertThat(received).anyMatch(e -> e.get("type").asText().equals("Repeat"));
        reader.interrupt();
    }
}

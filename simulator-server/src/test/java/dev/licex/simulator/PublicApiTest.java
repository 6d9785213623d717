package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of CONTRACT.md section 2 and 4 over real HTTP, and the answers to bad input. */
class PublicApiTest {

    private static final String ALICE = TestServer.ALICE_TOKEN;
    private static final String BOB = TestServer.BOB_TOKEN;

    @TempDir
    static Path dir;
    static TestRightsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestRightsServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> open(String token, UUID tid, UUID device) throws Exception {
        return server.send(server.post("/v1/transactions", token,
                "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + device + "\"}"));
    }

    private static HttpResponse<String> request(String token, UUID tid, String offer) throws Exception {
        return server.send(server.post("/v1/transactions/" + tid + "/rights", token, "{\"offerId\":\"" + offer + "\"}"));
    }

    private static HttpResponse<String> complete(String token, UUID tid, String rightsId) throws Exception {
        return server.send(server.post("/v1/transactions/" + tid + "/completion", token,
                "{\"rightsId\":\"" + rightsId + "\"}"));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @Test
    void theSixLegsOverHttp() throws Exception {
        UUID tid = Uuids.v7();
        UUID device = UUID.randomUUID();

        HttpResponse<String> opened = open(ALICE, tid, device);
        assertThat(opened.statusCode()).isEqualTo(201);
        assertThat(json(opened).get("state").asText()).isEqualTo("OPEN");
        assertThat(open(ALICE, tid, device).statusCode()).isEqualTo(200);

        HttpResponse<String> issued = request(ALICE, tid, TestServer.FILM);
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode body = json(issued);
        assertThat(body.get("state").asText()).isEqualTo("ISSUED");
        assertThat(body.get("rights").get("transactionId").asText()).isEqualTo(tid.toString());
        assertThat(body.get("rights").get("deviceId").asText()).isEqualTo(device.toString());
        assertThat(body.get("rights").get("rules").has("plays")).isTrue();
        assertThat(body.get("signature").asText()).matches("[A-Za-z0-9_-]+");
        HttpResponse<String> repeat = request(ALICE, tid, TestServer.FILM);
        assertThat(repeat.body()).isEqualTo(issued.body());

        String rightsId = body.get("rights").get("rightsId").asText();
        HttpResponse<String> completed = complete(ALICE, tid, rightsId);
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(json(completed).get("state").asText()).isEqualTo("COMPLETED");
        assertThat(complete(ALICE, tid, rightsId).statusCode()).isEqualTo(200);

        HttpResponse<String> status = server.send(server.get("/v1/transactions/" + tid, ALICE));
        assertThat(json(status).get("state").asText()).isEqualTo("COMPLETED");
        assertThat(json(status).get("rightsId").asText()).isEqualTo(rightsId);
    }

    @Test
    void publicEndpoints() throws Exception {
        HttpResponse<String> health = server.send(server.get("/healthz", null));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = server.send(server.get("/readyz", null));
        assertThat(ready.statusCode()).as("the store answers").isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("READY");

        JsonNode keys = json(server.send(server.get("/.well-known/licex-keys", null)));
        assertThat(keys.get("keys").get(0).get("kty").asText()).isEqualTo("OKP");
        assertThat(keys.get("keys").get(0).get("crv").asText()).isEqualTo("Ed25519");
        assertThat(keys.get("keys").get(0).get("x").asText()).hasSize(43);

        HttpResponse<String> metrics = server.send(server.get("/metrics", null));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("licex_http_requests_seconds").contains("jvm_memory_used_bytes");
    }

    @Test
    void catalogSearchAndPaging() throws Exception {
        JsonNode all = json(server.send(server.get("/v1/catalog", ALICE)));
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(all.get("items").get(0).get("stock").isInt()).isTrue();
        assertThat(all.get("items").get(0).has("rules")).isTrue();

        JsonNode search = json(server.send(server.get("/v1/catalog?q=VOYAGE", ALICE)));
        assertThat(search.get("total").asInt()).isEqualTo(1);
        assertThat(search.get("items").get(0).get("offerId").asText()).isEqualTo(TestServer.FILM);

        JsonNode page = json(server.send(server.get("/v1/catalog?offset=1&limit=1", ALICE)));
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("items")).hasSize(1);

        JsonNode likeMeta = json(server.send(server.get("/v1/catalog?q=%25", ALICE)));
        assertThat(likeMeta.get("total").asInt()).isZero();

        assertProblem(server.send(server.get("/v1/catalog?limit=0", ALICE)), 400, "BAD_REQUEST");
        assertProblem(server.send(server.get("/v1/catalog?limit=abc", ALICE)), 400, "BAD_REQUEST");
        assertProblem(server.send(server.get("/v1/catalog?offset=-1", ALICE)), 400, "BAD_REQUEST");
        assertProblem(server.send(server.get("/v1/catalog?q=a&q=b", ALICE)), 400, "BAD_REQUEST");
    }

    @Test
    void theLedgerBalances() throws Exception {
        JsonNode ledger = json(server.send(server.get("/v1/ledger", BOB)));
        for (JsonNode line : ledger.get("offers")) {
            assertThat(line.get("initialStock").asInt()).isEqualTo(
                    line.get("stock").asInt() + line.get("issued").asInt() - line.get("returned").asInt());
            assertThat(line.has("completed")).isTrue();
        }
    }

    @Test
    void unauthorized() throws Exception {
        HttpResponse<String> none = server.send(server.get("/v1/catalog", null));
        assertProblem(none, 401, "UNAUTHORIZED");
        assertThat(none.headers().firstValue("www-authenticate")).isPresent();
        assertProblem(server.send(server.get("/v1/ledger", "nobody")), 401, "UNAUTHORIZED");
        assertProblem(server.send(server.get("/v1/catalog", null).header("Authorization", "Basic YWxpY2U6eA==")),
                401, "UNAUTHORIZED");
        assertProblem(open(null, Uuids.v7(), UUID.randomUUID()), 401, "UNAUTHORIZED");
    }

    @Test
    void anotherAccountsTransactionLooksUnknown() throws Exception {
        UUID tid = Uuids.v7();
        UUID device = UUID.randomUUID();
        open(ALICE, tid, device);
        String rightsId = json(request(ALICE, tid, TestServer.FILM)).get("rights").get("rightsId").asText();

        assertProblem(server.send(server.get("/v1/transactions/" + tid, BOB)), 404, "TX_UNKNOWN");
        assertProblem(request(BOB, tid, TestServer.FILM), 404, "TX_UNKNOWN");
        assertProblem(complete(BOB, tid, rightsId), 404, "TX_UNKNOWN");
        assertThat(json(server.send(server.get("/v1/transactions/" + tid, ALICE))).get("state").asText())
                .isEqualTo("ISSUED");
    }

    @Test
    void conflictsAndOutOfOrderLegs() throws Exception {
        UUID tid = Uuids.v7();
        UUID device = UUID.randomUUID();
        open(ALICE, tid, device);
        assertProblem(open(ALICE, tid, UUID.randomUUID()), 409, "TX_CONFLICT");
        assertProblem(complete(ALICE, tid, UUID.randomUUID().toString()), 409, "TX_CONFLICT");
        request(ALICE, tid, TestServer.FILM);
        assertProblem(request(ALICE, tid, TestServer.SONG), 409, "TX_CONFLICT");
        assertProblem(complete(ALICE, tid, UUID.randomUUID().toString()), 409, "TX_CONFLICT");
        assertProblem(request(ALICE, Uuids.v7(), TestServer.FILM), 404, "TX_UNKNOWN");
        assertProblem(complete(ALICE, Uuids.v7(), UUID.randomUUID().toString()), 404, "TX_UNKNOWN");
    }

    @Test
    void businessRefusalsRejectTheTransaction() throws Exception {
        UUID tid = Uuids.v7();
        open(BOB, tid, UUID.randomUUID());
        HttpResponse<String> unknown = request(BOB, tid, "no-such-offer");
        assertProblem(unknown, 422, "UNKNOWN_OFFER");
        assertThat(request(BOB, tid, "no-such-offer").body()).isEqualTo(unknown.body());
        assertThat(json(server.send(server.get("/v1/transactions/" + tid, BOB))).get("state").asText())
                .isEqualTo("REJECTED");

        for (int i = 0; i < TestServer.SCARCE_STOCK; i++) {
            UUID t = Uuids.v7();
            open(BOB, t, UUID.randomUUID());
            assertThat(request(BOB, t, TestServer.SCARCE).statusCode()).isEqualTo(200);
        }
        UUID late = Uuids.v7();
        open(BOB, late, UUID.randomUUID());
        assertProblem(request(BOB, late, TestServer.SCARCE), 422, "OUT_OF_STOCK");
    }

    @Test
    void badInputIsRefusedWithoutChangingAnything() throws Exception {
        String before = server.send(server.get("/v1/ledger", ALICE)).body();
        UUID tid = Uuids.v7();
        String okOpen = "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}";

        assertProblem(server.send(server.post("/v1/transactions", ALICE, "{not json")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, "")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, "[]")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, "{\"transactionId\":1,\"deviceId\":\""
                + UUID.randomUUID() + "\"}")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, "{\"deviceId\":\"" + UUID.randomUUID()
                + "\"}")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen.replace(tid.toString(),
                tid.toString().toUpperCase()))), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen.replace(tid.toString(),
                "00000000-0000-1000-8000-000000000000"))), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen.replace("}", ",\"extra\":1}"))),
                400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen.replace("}", ",\"kind\":\"STEAL\"}"))),
                400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE,
                "{\"transactionId\":\"" + tid + "\",\"transactionId\":\"" + Uuids.v7() + "\",\"deviceId\":\""
                        + UUID.randomUUID() + "\"}")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, "[".repeat(5000) + "]".repeat(5000))),
                400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen + " trailing")), 400,
                "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions/not-a-uuid/rights", ALICE,
                "{\"offerId\":\"film-1\"}")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions/" + tid + "/rights", ALICE,
                "{\"offerId\":\"film-1'; DROP TABLE stock;--\"}")), 400, "BAD_REQUEST");
        assertProblem(server.send(server.post("/v1/transactions/" + tid + "/completion", ALICE,
                "{\"rightsId\":\"x\"}")), 400, "BAD_REQUEST");

        assertProblem(server.send(server.post("/v1/transactions", ALICE, okOpen).setHeader("Content-Type", "text/plain")),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.send(HttpRequest.newBuilder(server.uri("/v1/transactions"))
                .header("Authorization", "Bearer " + ALICE)
                .POST(HttpRequest.BodyPublishers.ofString(okOpen))), 415, "UNSUPPORTED_MEDIA_TYPE");
        String huge = "{\"transactionId\":\"" + tid + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(server.send(server.post("/v1/transactions", ALICE, huge)), 413, "PAYLOAD_TOO_LARGE");
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertProblem(server.send(HttpRequest.newBuilder(server.uri("/v1/transactions"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8))), 400, "BAD_REQUEST");

        assertProblem(server.send(server.get("/v1/nothing-here", ALICE)), 404, "NOT_FOUND");
        assertProblem(server.send(server.get("/v1/transactions/" + tid + "/%2e%2e/%2e%2e/ledger", ALICE)), 400,
                "BAD_REQUEST");
        assertProblem(server.send(server.get("/v1/catalog", ALICE).header("X-Pad", "p".repeat(20_000))), 431,
                "BAD_REQUEST");
        assertProblem(server.send(server.get("/v1/transactions", ALICE)), 405, "METHOD_NOT_ALLOWED");
        assertProblem(server.send(server.post("/v1/catalog", ALICE, "{}")), 405, "METHOD_NOT_ALLOWED");

        assertThat(server.send(server.get("/v1/ledger", ALICE)).body()).isEqualTo(before);
        assertProblem(server.send(server.get("/v1/transactions/" + tid, ALICE)), 404, "TX_UNKNOWN");
        assertThat(server.send(server.get("/healthz", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodySentInChunksWithoutALengthIsReadWholeAndStillLimited() throws Exception {
        UUID tid = UUID.randomUUID();
        String open = "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> opened = server.send(chunked(open));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        assertThat(Json.parse(opened.body().getBytes(StandardCharsets.UTF_8)).path("transactionId").asText())
                .isEqualTo(tid.toString());

        String huge = "{\"transactionId\":\"" + UUID.randomUUID() + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(server.send(chunked(huge)), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void anOversizedBodyIsAlwaysAnswered413NeverWithAResetConnection() throws Exception {
        for (int pad : new int[] {70_000, 300_000, 900_000}) {
            String huge = "{\"pad\":\"" + "x".repeat(pad) + "\"}";
            for (int i = 0; i < 10; i++) {
                assertProblem(server.send(server.post("/v1/transactions", ALICE, huge)), 413, "PAYLOAD_TOO_LARGE");
                assertProblem(server.send(chunked(huge)), 413, "PAYLOAD_TOO_LARGE");
            }
        }
    }

    private static HttpRequest.Builder chunked(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(server.uri("/v1/transactions"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    }
}

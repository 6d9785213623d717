package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and random input against the real HTTP server: whatever arrives, the answer is a 4xx
 * problem (never a 5xx), nothing changes that should not, and the server keeps serving.
 */
class HostileInputProperties {

    private static final String ALICE = TestServer.ALICE_TOKEN;
    private static Path dir;
    private static RightsServer server;
    private static HttpClient http;
    private static final UUID DEVICE = UUID.randomUUID();

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("licex-hostile-");
        server = RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0, TestStores.server(dir),
                false, null, false, false, 0, null));
        TestServer.seed(server.runtime());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterContainer
    static void stop() throws Exception {
        assertThat(send("GET", "/healthz", null, null).statusCode()).as("still serving").isEqualTo(200);
        for (JsonNode line : Json.parse(send("GET", "/v1/ledger", ALICE, null).body().getBytes(StandardCharsets.UTF_8))
                .get("offers")) {
            assertThat(line.get("initialStock").asInt()).isEqualTo(line.get("stock").asInt()
                    + line.get("issued").asInt() - line.get("returned").asInt());
        }
        http.close();
        server.close();
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Property(tries = 150)
    void randomBytesToAnyLegAreRefused(@ForAll("legs") String path, @ForAll @Size(max = 3000) byte[] body)
            throws Exception {
        assertRefused(send("POST", path, ALICE, body));
    }

    @Property(tries = 150)
    void randomJsonToAnyLegIsRefused(@ForAll("legs") String path, @ForAll("json") String body) throws Exception {
        assertRefused(send("POST", path, ALICE, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 150)
    void oddPathsAreRefused(@ForAll("oddPaths") String path) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: licex\r\nAuthorization: Bearer " + ALICE
                + "\r\nConnection: close\r\n\r\n");
        int status = Integer.parseInt(answer.substring(9, 12));
        assertThat(status).as(path + " -> " + answer).isBetween(400, 499);
        assertThat(answer).as(path).contains("application/problem+json");
    }

    /** Sends bytes as they are, past any client library's checks, and returns the whole answer. */
    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Property(tries = 60)
    void anyOrderOfLegsKeepsTheLedgerBalancedAndNeverFails(@ForAll("legSequences") List<Integer> steps)
            throws Exception {
        UUID tid = Uuids.v7();
        String rightsId = UUID.randomUUID().toString();
        for (int step : steps) {
            HttpResponse<String> response = switch (step) {
                case 0 -> send("POST", "/v1/transactions", ALICE, ("{\"transactionId\":\"" + tid + "\",\"deviceId\":\""
                        + DEVICE + "\"}").getBytes(StandardCharsets.UTF_8));
                case 1 -> send("POST", "/v1/transactions/" + tid + "/rights", ALICE,
                        "{\"offerId\":\"film-1\"}".getBytes(StandardCharsets.UTF_8));
                case 2 -> send("POST", "/v1/transactions/" + tid + "/completion", ALICE,
                        ("{\"rightsId\":\"" + rightsId + "\"}").getBytes(StandardCharsets.UTF_8));
                case 3 -> send("POST", "/v1/transactions/" + tid + "/cancellation", ALICE,
                        "{}".getBytes(StandardCharsets.UTF_8));
                default -> send("POST", "/v1/transactions/" + tid + "/rights", TestServer.BOB_TOKEN,
                        "{\"offerId\":\"film-1\"}".getBytes(StandardCharsets.UTF_8));
            };
            assertThat(response.statusCode()).as(response.body()).isLessThan(500);
            if (step == 1 && response.statusCode() == 200) {
                rightsId = Json.parse(response.body().getBytes(StandardCharsets.UTF_8)).get("rights").get("rightsId")
                        .asText();
            }
        }
    }

    @Provide
    Arbitrary<String> legs() {
        UUID tid = Uuids.v7();
        return Arbitraries.of("/v1/transactions", "/v1/transactions/" + tid + "/rights",
                "/v1/transactions/" + tid + "/completion", "/v1/transactions/" + tid + "/cancellation",
                "/v1/transactions/" + tid + "/return");
    }

    @Provide
    Arbitrary<List<Integer>> legSequences() {
        return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> Json.writeString(s)),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "\"" + Uuids.v7() + "\"", "\"film-1\"",
                        "\"x'; DROP TABLE stock; --\"", "\"../../etc/passwd\"", "1e999", "-0", "\"\\u0000\""));
        Arbitrary<String> key = Arbitraries.of("transactionId", "deviceId", "offerId", "rightsId", "kind", "",
                "__proto__", "transactionid", "x");
        Arbitrary<String> member = Combinators.combine(key, scalar).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(5).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> nested = Arbitraries.integers().between(1, 60).map(depth -> "[".repeat(depth) + "]"
                .repeat(depth));
        return Arbitraries.oneOf(object, nested, scalar, object.map(o -> o.substring(0, o.length() / 2)));
    }

    @Provide
    Arbitrary<String> oddPaths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019-_.~%").ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("..", ".", "%2e%2e", "%2F", ";jsessionid=1", "%00", "%ff", "%C0%AE", "admin",
                        "v1", "transactions", "~root", "%252e"));
        return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> "/v1/transactions/" + String.join("/", parts));
    }
}

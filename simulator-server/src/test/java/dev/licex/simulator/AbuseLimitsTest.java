package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.TestStores;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps one client from spoiling the server for everyone: rate and connection limits, a loopback-only admin API. */
class AbuseLimitsTest {

    @TempDir
    Path dir;

    private static RightsServer start(Path dir, String host, double rateLimit, Duration idle) throws Exception {
        RightsServer server = RightsServer.start(new SimulatorConfig(host, 0, TestStores.server(dir), true,
                "admin", false, false, 0, null).withRateLimit(rateLimit).withIdleTimeout(idle));
        TestServer.seed(server.runtime());
        return server;
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountOverItsRateGets429WithRetryAfterAndOthersAreUnaffected() throws Exception {
        try (RightsServer server = start(dir, SimulatorConfig.LOOPBACK, 5, Duration.ofSeconds(30));
                HttpClient http = HttpClient.newHttpClient()) {
            URI ledger = URI.create(server.baseUri() + "/v1/ledger");
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(get(http, ledger, TestServer.ALICE_TOKEN));
            }

            HttpResponse<String> limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("no request was limited"));
            assertThat(limited.headers().firstValue("retry-after")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isPositive());
            JsonNode problem = Json.parse(limited.body().getBytes(StandardCharsets.UTF_8));
            assertThat(problem.get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(5L, 15L);
            assertThat(get(http, ledger, TestServer.BOB_TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theAdminApiIsNotReachableFromAnotherInterface() throws Exception {
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> !isLoopback(n))
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElseThrow(() -> new AssertionError("this machine has no non-loopback IPv4 address"));
        try (RightsServer server = start(dir, "0.0.0.0", 0, Duration.ofSeconds(30)); HttpClient http = HttpClient.newHttpClient()) {
            URI viaNetwork = URI.create("http://" + external.getHostAddress() + ":" + server.port() + "/admin/faults");
            URI viaLoopback = URI.create("http://127.0.0.1:" + server.port() + "/admin/faults");

            assertThat(get(http, viaNetwork, "admin").statusCode()).isEqualTo(404);
            assertThat(get(http, viaLoopback, "admin").statusCode()).isEqualTo(200);
            assertThat(get(http, URI.create("http://" + external.getHostAddress() + ":" + server.port() + "/healthz"),
                    "x").statusCode()).isEqualTo(200);
        }
    }

    private static boolean isLoopback(NetworkInterface n) {
        try {
            return n.isLoopback() || !n.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void silentAndHalfSentConnectionsAreClosedAndDoNotBlockOthers() throws Exception {
        try (RightsServer server = start(dir, SimulatorConfig.LOOPBACK, 0, Duration.ofSeconds(1));
                HttpClient http = HttpClient.newHttpClient()) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    if (i % 2 == 0) {
                        socket.getOutputStream().write("POST /v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Le"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    slow.add(socket);
                }
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as("served while 200 slow connections are open").isEqualTo(200);
                for (Socket socket : List.of(slow.get(0), slow.get(1))) {
                    socket.setSoTimeout(10_000);
                    assertThat(socket.getInputStream().read()).as("closed by the server after the idle timeout")
                            .isIn(-1, (int) 'H');
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }
}

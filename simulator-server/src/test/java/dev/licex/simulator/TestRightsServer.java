package dev.licex.simulator;

import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.TestStores;
import dev.licex.protocol.transport.HttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real Jetty rights server on an ephemeral loopback port with the test catalog of {@link TestServer}. */
public final class TestRightsServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    public final RightsServer server;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestRightsServer(RightsServer server) {
        this.server = server;
    }

    public static TestRightsServer start(Path folder) throws Exception {
        RightsServer server = RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                TestStores.server(folder), true, ADMIN_TOKEN, false, false, 0, null));
        if (!server.runtime().accounts().exists(TestServer.ALICE)) {
            TestServer.seed(server.runtime());
        }
        return new TestRightsServer(server);
    }

    /**
     * A server with the demo catalog (the accounts alice and bob, their well-known tokens) and
     * this much stock of each offer, for loads that would use up {@link TestServer#STOCK}.
     */
    public static TestRightsServer startWithDemoCatalog(Path folder, int stock) throws Exception {
        return new TestRightsServer(RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                TestStores.server(folder), true, ADMIN_TOKEN, false, true, stock, null)));
    }

    public URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    public HttpTransport transport() {
        return new HttpTransport(server.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(5), null);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public HttpRequest.Builder post(String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        http.close();
        server.close();
    }
}

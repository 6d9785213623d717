package dev.licex.simulator.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.message.OfferRules;
import dev.licex.protocol.server.Offer;
import dev.licex.protocol.server.RetentionPurge;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.postgres.TestPostgres;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server instances (Jetty, each with its own connection pool) on one PostgreSQL
 * database, as behind a load balancer: racing requests sent to both at once are serialized by the
 * database alone. Runs in the PostgreSQL pass of the suite.
 */
@EnabledIfSystemProperty(named = TestPostgres.STORE_PROPERTY, matches = "postgres")
class TwoInstancesTest {

    private static final int THREADS = 16;
    private static final String LAST_UNITS = "last-units";
    private static final int LAST_UNITS_STOCK = 20;
    private static final String PLENTY = "plenty";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RightsServer> instances = new ArrayList<>();
    private ExecutorService pool;

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        instances.forEach(RightsServer::close);
        http.close();
    }

    private List<RightsServer> startTwo(DatabaseConfig database, boolean seedDemo) throws Exception {
        List<RightsServer> started = race(2, () -> RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                database, false, null, false, seedDemo, 100, null)));
        instances.addAll(started);
        return started;
    }

    private List<RightsServer> startTwoWithTestCatalog() throws Exception {
        List<RightsServer> two = startTwo(TestPostgres.database(dir), false);
        TestServer.seed(two.get(0).runtime());
        two.get(0).runtime().catalog().add(List.of(new Offer(LAST_UNITS, "c-last", "The Last Units", "game",
                "Few left.", OfferRules.unlimited(), LAST_UNITS_STOCK), new Offer(PLENTY, "c-plenty", "Plenty",
                "music", "Never runs out here.", OfferRules.plays(5), 10_000)));
        return two;
    }

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseSeedOnceAndShareOneKey() throws Exception {
        List<RightsServer> two = startTwo(TestPostgres.config(TestPostgres.emptyDatabase()), true);

        JsonNode keysA = Json.parse(get(two.get(0), "/.well-known/licex-keys", null).body().getBytes());
        JsonNode keysB = Json.parse(get(two.get(1), "/.well-known/licex-keys", null).body().getBytes());
        assertThat(keysA.get("keys")).hasSize(1);
        assertThat(keysB).isEqualTo(keysA);
        assertThat(two.get(0).runtime().keys().active().keyId())
                .isEqualTo(two.get(1).runtime().keys().active().keyId());
        for (RightsServer instance : two) {
            JsonNode catalog = Json.parse(get(instance, "/v1/catalog?limit=100", "alice-token").body().getBytes());
            assertThat(catalog.get("total").asInt()).isEqualTo(two.get(0).runtime().catalog().size()).isGreaterThan(40);
            assertThat(catalog.get("items").get(0).get("stock").asInt()).as("seeded once: stock not doubled")
                    .isEqualTo(100);
        }
    }

    @Test
    void theDemoSeedRacedOnBothInstancesHappensOnce() throws Exception {
        List<RightsServer> two = startTwo(TestPostgres.config(TestPostgres.emptyDatabase()), false);

        List<Boolean> seeded = race(THREADS, i -> DemoCatalog.seed(two.get(i % 2).runtime(), 100));

        assertThat(seeded.stream().filter(Boolean::booleanValue)).as("exactly one seeder").hasSize(1);
        JsonNode catalog = Json.parse(get(two.get(1), "/v1/catalog?limit=100", "alice-token").body().getBytes());
        assertThat(catalog.get("total").asLong()).isEqualTo(DemoCatalog.offers(100).size());
        assertThat(catalog.get("items").get(0).get("stock").asInt()).isEqualTo(100);
    }

    @Test
    void theSameLegThreeSentToBothInstancesAtOnceIssuesOnce() throws Exception {
        List<RightsServer> two = startTwoWithTestCatalog();
        for (int round = 0; round < 10; round++) {
            UUID tid = UUID.randomUUID();
            assertThat(post(two.get(0), "/v1/transactions", open(tid)).statusCode()).isEqualTo(201);

            List<HttpResponse<String>> answers = race(THREADS, i -> post(two.get(i % 2),
                    "/v1/transactions/" + tid + "/rights", "{\"offerId\":\"" + TestServer.FILM + "\"}"));

            assertThat(answers).allMatch(r -> r.statusCode() == 200);
            assertThat(answers.stream().map(HttpResponse::body).collect(Collectors.toSet()))
                    .as("every repeat gets the stored answer, byte for byte").hasSize(1);
        }
        LedgerLine film = line(two.get(1), TestServer.FILM);
        assertThat(film.issued()).isEqualTo(10);
        assertThat(film.stock()).isEqualTo(TestServer.STOCK - 10);
    }

    @Test
    void theSameLegOneSentToBothInstancesAtOnceOpensOnce() throws Exception {
        List<RightsServer> two = startTwoWithTestCatalog();
        UUID tid = UUID.randomUUID();

        List<HttpResponse<String>> answers = race(THREADS, i -> post(two.get(i % 2), "/v1/transactions", open(tid)));

        assertThat(answers.stream().map(HttpResponse::statusCode)).containsOnly(200, 201);
        assertThat(answers.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
    }

    @Test
    void acquisitionsRacingForTheLastUnitsThroughBothInstancesNeverOversell() throws Exception {
        List<RightsServer> two = startTwoWithTestCatalog();
        int buyers = 3 * LAST_UNITS_STOCK;

        List<Integer> statuses = race(buyers, i -> {
            UUID tid = UUID.randomUUID();
            int opened = post(two.get(i % 2), "/v1/transactions", open(tid)).statusCode();
            assertThat(opened).isEqualTo(201);
            // leg 3 through the other instance, as a load balancer may route it
            return post(two.get((i + 1) % 2), "/v1/transactions/" + tid + "/rights",
                    "{\"offerId\":\"" + LAST_UNITS + "\"}").statusCode();
        });

        assertThat(statuses).as("contention is retried inside the server, never answered with a 5xx")
                .containsOnly(200, 422);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(LAST_UNITS_STOCK);
        LedgerLine line = line(two.get(0), LAST_UNITS);
        assertThat(line.stock()).isZero();
        assertThat(line.issued()).isEqualTo(LAST_UNITS_STOCK);
        assertThat(line.balanced()).isTrue();
    }

    @Test
    void bothInstancesPurgingAtOnceClearEachAnswerOnce() throws Exception {
        List<RightsServer> two = startTwoWithTestCatalog();
        int finished = RetentionPurge.BATCH + 100;
        race(finished, i -> {
            UUID tid = UUID.randomUUID();
            post(two.get(i % 2), "/v1/transactions", open(tid));
            JsonNode issued = Json.parse(post(two.get(i % 2), "/v1/transactions/" + tid + "/rights",
                    "{\"offerId\":\"" + PLENTY + "\"}").body().getBytes());
            String rightsId = issued.get("rights").get("rightsId").asText();
            return post(two.get((i + 1) % 2), "/v1/transactions/" + tid + "/completion",
                    "{\"rightsId\":\"" + rightsId + "\"}").statusCode();
        });
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);

        List<Long> purged = race(4, i -> new RetentionPurge(two.get(i % 2).runtime().database(), later,
                Duration.ofDays(30)).run());

        assertThat(purged.stream().mapToLong(Long::longValue).sum()).isEqualTo(finished);
        assertThat(line(two.get(0), PLENTY).completed()).isEqualTo(finished);
    }

    private static String open(UUID tid) {
        return "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + DEVICE + "\"}";
    }

    private static final UUID DEVICE = UUID.randomUUID();

    private LedgerLine line(RightsServer instance, String offerId) {
        return instance.runtime().engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(offerId)).findFirst().orElseThrow();
    }

    private HttpResponse<String> post(RightsServer instance, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(instance.baseUri() + path))
                .header("Authorization", "Bearer " + TestServer.ALICE_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(RightsServer instance, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUri() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Indexed<T> {
        T call(int index) throws Exception;
    }

    /** Runs n calls at once, released together, and returns their results in order. */
    private <T> List<T> race(int n, Indexed<T> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<T> call = () -> {
                go.await();
                return work.call(index);
            };
            futures.add(pool.submit(call));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private <T> List<T> race(int n, Callable<T> work) throws Exception {
        return race(n, i -> work.call());
    }
}

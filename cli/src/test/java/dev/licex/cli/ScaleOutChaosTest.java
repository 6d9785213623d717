package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.audit.ConservationCheck;
import dev.licex.protocol.audit.ConservationReport;
import dev.licex.protocol.audit.DeviceHoldings;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.Ledger;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.postgres.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-process chaos test with two {@code licex server} processes on one real PostgreSQL,
 * as behind a load balancer: both start together on an empty database, four client processes
 * are spread over them (two talk to one instance each, two send every request to either at
 * random, so the legs and repeats of one transaction land on both), random faults on every leg,
 * and servers and clients killed with SIGKILL and restarted. Afterwards every device recovers and
 * the shared ledger and the union of the device stores must agree exactly.
 */
class ScaleOutChaosTest {

    private static final Duration CHAOS = Duration.ofSeconds(20);
    private static final int MIN_KILLS = 6;
    /**
     * At least MIN_KILLS even on a slow machine, within a bound: where every restarted JVM takes
     * seconds to start (2 vCPUs for all the child JVMs, 2026-11-27), the scale-out test managed only
     * five kills in three CHAOS periods.
     */
    private static final Duration KILLS_WITHIN = CHAOS.multipliedBy(6);
    private static final String ADMIN = "chaos-admin";
    private static final List<String> TOKENS = List.of("alice-token", "bob-token", "alice-token", "bob-token");

    @TempDir
    Path dir;
    private final List<ChildJvm> children = new CopyOnWriteArrayList<>();
    private final Random random = new Random();
    private final List<String> timeline = new CopyOnWriteArrayList<>();

    @AfterEach
    void killEverything() {
        children.forEach(ChildJvm::kill);
    }

    @Test
    void twoInstancesOnOnePostgresLoseAndDuplicateNothingUnderKillsAndFaults() throws Exception {
        String jdbc = TestPostgres.url(TestPostgres.emptyDatabase());
        Path faults = dir.resolve("faults.json");
        Files.writeString(faults, """
                [{"leg":"OPEN","action":"DROP_RESPONSE","probability":0.05},
                 {"leg":"REQUEST","action":"DROP_RESPONSE","probability":0.08},
                 {"leg":"REQUEST","action":"CORRUPT_RESPONSE","probability":0.04},
                 {"leg":"REQUEST","action":"DUPLICATE","probability":0.05},
                 {"leg":"COMPLETE","action":"DROP_REQUEST","probability":0.05},
                 {"leg":"COMPLETE","action":"ERROR","status":503,"probability":0.04},
                 {"leg":"REQUEST","action":"CRASH_AFTER_COMMIT","probability":0.01}]""");
        List<Integer> ports = List.of(freePort(), freePort());
        List<String> urls = ports.stream().map(p -> "http://127.0.0.1:" + p).toList();
        // the password travels in the environment, as in production; the command line has none
        Map<String, String> env = Map.of("LICEX_DB_PASSWORD", TestPostgres.PASSWORD);
        List<List<String>> serverArgs = ports.stream().map(port -> List.of("server", "--port", port.toString(),
                "--jdbc", jdbc, "--db-user", TestPostgres.PASSWORD_USER, "--db-pool", "8", "--simulator",
                "--admin-token", ADMIN, "--seed-demo", "--demo-stock", "100000", "--faults", faults.toString()))
                .toList();

        List<ChildJvm> servers = new ArrayList<>(both(() -> startServer(serverArgs.get(0), env),
                () -> startServer(serverArgs.get(1), env)));
        List<String> clientTargets = List.of(urls.get(0), urls.get(1), String.join(",", urls),
                String.join(",", urls));
        List<ChildJvm> clients = new ArrayList<>();
        for (int i = 0; i < TOKENS.size(); i++) {
            clients.add(startClient(clientTargets.get(i), i));
        }
        int serverKills = 0;
        int clientKills = 0;
        long until = System.nanoTime() + CHAOS.toNanos();
        long deadline = System.nanoTime() + KILLS_WITHIN.toNanos();
        while (System.nanoTime() < until || (serverKills + clientKills < MIN_KILLS && System.nanoTime() < deadline)) {
            TimeUnit.MILLISECONDS.sleep(700 + random.nextInt(1300));
            int victim = random.nextInt(TOKENS.size() + 2);
            if (victim >= TOKENS.size()) {
                int which = victim - TOKENS.size();
                servers.get(which).kill();
                timeline.add(System.currentTimeMillis() + " killed server " + which);
                servers.set(which, startServer(serverArgs.get(which), env));
                serverKills++;
            } else {
                clients.get(victim).kill();
                timeline.add(System.currentTimeMillis() + " killed client " + victim);
                clients.set(victim, startClient(clientTargets.get(victim), victim));
                clientKills++;
            }
        }
        clients.forEach(ChildJvm::kill);
        timeline.add(System.currentTimeMillis() + " killed all clients");
        // the device files exactly as the kills left them, before any recovery opens them
        Path afterKills = dir.resolve("after-kills");
        for (int i = 0; i < TOKENS.size(); i++) {
            copyFolder(dir.resolve("device-" + i), afterKills.resolve("device-" + i));
        }
        long acknowledged = children.stream().mapToLong(c -> c.acks().size()).sum();

        HttpClient http = HttpClient.newHttpClient();
        for (String url : urls) {
            http.send(HttpRequest.newBuilder(URI.create(url + "/admin/faults")).header("Authorization",
                    "Bearer " + ADMIN).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        List<DeviceHoldings> devices = new ArrayList<>();
        for (int i = 0; i < TOKENS.size(); i++) {
            String store = dir.resolve("device-" + i).toString();
            // a device spread over both recorded the first instance as its server (SpreadTransport)
            String recoverVia = i == 1 ? urls.get(1) : urls.get(0);
            ChildJvm recover = ChildJvm.run(Licex.class, List.of("recover", "--server", recoverVia, "--token",
                    TOKENS.get(i), "--store", store));
            assertThat(recover.exitCode()).as("recover of device %d: %s %s", i, recover.output(), recover.errors())
                    .isZero();
            ChildJvm licenses = ChildJvm.run(Licex.class, List.of("licenses", "--store", store, "--json"));
            assertThat(licenses.exitCode()).isZero();
            devices.add(MultiProcessChaosTest.holdings(licenses.output()));
        }
        List<AccountLedger> ledgers = new ArrayList<>();
        for (String token : List.of("alice-token", "bob-token")) {
            HttpResponse<byte[]> ledger = http.send(HttpRequest.newBuilder(URI.create(urls.get(1) + "/v1/ledger"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            ledgers.add(new AccountLedger(token.replace("-token", ""),
                    Json.read(ledger.body(), Ledger.class).offers()));
        }

        ConservationReport report = ConservationCheck.check(ledgers, devices);
        assertThat(serverKills + clientKills).as("kills within %s", KILLS_WITHIN)
                .isGreaterThanOrEqualTo(MIN_KILLS);
        String forensics = report.problems().isEmpty() ? "" : unheldRights(jdbc, devices) + keep(afterKills);
        assertThat(report.problems()).as("after %d server kills, %d client kills and %d acknowledged operations%s",
                serverKills, clientKills, acknowledged, forensics).isEmpty();
        assertThat(report.held()).isPositive();
        assertThat(acknowledged).isPositive();
    }

    private ChildJvm startServer(List<String> args, Map<String, String> env) throws Exception {
        ChildJvm server = ChildJvm.start(Licex.class, args, env, "listening on");
        children.add(server);
        return server;
    }

    /**
     * What a failed check needs to be understood, since the run is random and its stores are
     * deleted afterwards: when each process was killed or ready, and every live rights object on
     * the server that no device holds, with its transaction as the server has it, as each device
     * recorded it step by step, and the owning device's transactions from the seconds around it.
     */
    private String unheldRights(String jdbc, List<DeviceHoldings> devices) throws Exception {
        Set<UUID> held = new HashSet<>();
        devices.forEach(device -> device.rights().forEach(rights -> held.add(rights.rightsId())));
        StringBuilder out = new StringBuilder();
        timeline.forEach(line -> out.append(String.format("%n%s", line)));
        try (Connection c = DriverManager.getConnection(jdbc, TestPostgres.PASSWORD_USER, TestPostgres.PASSWORD);
                PreparedStatement ps = c.prepareStatement("SELECT r.rights_id, r.state, r.account_id, r.offer_id, "
                        + "t.transaction_id, t.device_id, t.state, t.created_at, t.updated_at FROM rights r JOIN "
                        + "transactions t ON t.account_id = r.account_id AND t.transaction_id = r.transaction_id "
                        + "WHERE r.state NOT IN ('REVOKED', 'RETURNED')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID rightsId = (UUID) rs.getObject(1);
                if (held.contains(rightsId)) {
                    continue;
                }
                UUID tid = (UUID) rs.getObject(5);
                out.append(String.format("%nserver: rights %s %s of %s/%s, T %s device %s %s, created %d updated %d",
                        rightsId, rs.getString(2), rs.getString(3), rs.getString(4), tid, rs.getObject(6),
                        rs.getString(7), rs.getLong(8), rs.getLong(9)));
                for (int i = 0; i < TOKENS.size(); i++) {
                    try (ClientStore store = ClientStore.open(DatabaseConfig.h2(dir.resolve("device-" + i), "device"),
                            new EventBus(), Clock.systemUTC())) {
                        out.append(String.format("%n  device %d is %s with %d transaction(s); T there: %s", i,
                                store.deviceId(), store.transactions(100_000).size(), store.find(tid)));
                        store.history(tid).forEach(step -> out.append(String.format("%n    %s", step)));
                        if (store.deviceId().equals(rs.getObject(6))) {
                            long created = rs.getLong(8);
                            store.transactions(100_000).stream()
                                    .filter(tx -> Math.abs(tx.createdAt().toEpochMilli() - created) < 3_000)
                                    .forEach(tx -> out.append(String.format("%n    near T: %s", tx)));
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    /** Keeps the device files of a failed run in target/, since the run cannot be repeated. */
    private static String keep(Path afterKills) throws Exception {
        Path kept = Path.of("target", "scaleout-failure-" + System.currentTimeMillis()).toAbsolutePath();
        for (int i = 0; i < TOKENS.size(); i++) {
            copyFolder(afterKills.resolve("device-" + i), kept.resolve("device-" + i));
        }
        return String.format("%ndevice files as the kills left them: %s (inspect with "
                + "java -cp h2.jar org.h2.mvstore.MVStoreTool -dump <copy of device.mv.db>)", kept);
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private ChildJvm startClient(String targets, int index) throws Exception {
        ChildJvm client = ChildJvm.start(ChaosClientWorker.class, List.of(targets, TOKENS.get(index),
                dir.resolve("device-" + index).toString()), "READY");
        timeline.add(System.currentTimeMillis() + " client " + index + " ready");
        children.add(client);
        return client;
    }

    /** Starts two things at once, as an orchestrator starts two instances. */
    private static <T> List<T> both(Callable<T> first, Callable<T> second) throws Exception {
        CompletableFuture<T> a = CompletableFuture.supplyAsync(() -> call(first));
        CompletableFuture<T> b = CompletableFuture.supplyAsync(() -> call(second), CompletableFuture.delayedExecutor(0,
                TimeUnit.MILLISECONDS));
        return List.of(a.get(90, TimeUnit.SECONDS), b.get(90, TimeUnit.SECONDS));
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

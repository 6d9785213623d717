package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.testing.TestServer;
import dev.licex.simulator.TestRightsServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acquire, recover and licenses against a real server: outputs, messages and exit codes. */
class ClientCommandsTest {

    @TempDir
    Path dir;
    TestRightsServer server;
    String url;
    String store;

    @BeforeEach
    void start() throws Exception {
        server = TestRightsServer.start(dir.resolve("server"));
        url = server.server.baseUri().toString();
        store = dir.resolve("device").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun acquire(String offer, String... more) {
        String[] base = {"acquire", "--server", url, "--token", TestServer.ALICE_TOKEN, "--offer", offer,
                "--store", store};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void acquirePrintsTheStoredRights() {
        CliRun run = acquire(TestServer.SONG);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Acquired").contains(TestServer.SONG).contains("3 of 3 plays left")
                .contains("completed");
    }

    @Test
    void acquireJsonPrintsTheRightsObject() {
        CliRun run = acquire(TestServer.FILM, "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(json.get("rights").get("offerId").asText()).isEqualTo(TestServer.FILM);
        assertThat(json.get("signature").asText()).isNotBlank();
    }

    @Test
    void refusalsExitWithThree() {
        for (int i = 0; i < TestServer.SCARCE_STOCK; i++) {
            assertThat(acquire(TestServer.SCARCE).exitCode()).isZero();
        }
        CliRun outOfStock = acquire(TestServer.SCARCE);
        assertThat(outOfStock.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(outOfStock.err()).contains("OUT_OF_STOCK").contains("Nothing was issued");

        CliRun unknown = acquire("no-such-offer");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).contains("UNKNOWN_OFFER");
    }

    @Test
    void aWrongTokenIsAUsageError() {
        CliRun run = CliRun.of("acquire", "--server", url, "--token", "wrong", "--offer", TestServer.FILM,
                "--store", store);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("did not accept the token").contains("--token");
    }

    @Test
    void aServerThatIsDownLeavesThePurchasePendingUntilRecover() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String deadUrl = "http://127.0.0.1:" + deadPort;
        CliRun run = CliRun.of("acquire", "--server", deadUrl, "--token", TestServer.ALICE_TOKEN, "--offer",
                TestServer.FILM, "--store", store);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("connection refused").contains("pending").contains("licex recover");
        JsonNode pending = Json.parse(CliRun.of("licenses", "--store", store, "--json").out()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(pending.get("pending")).hasSize(1);

        CliRun elsewhere = CliRun.of("recover", "--server", url, "--token", TestServer.ALICE_TOKEN, "--store", store);
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(elsewhere.err()).contains("was started with " + deadUrl);
    }

    @Test
    void recoverFinishesWhatAnInterruptedAcquireLeft() {
        server.server.faults().add(dev.licex.protocol.fault.FaultRule.always(dev.licex.protocol.event.Leg.COMPLETE,
                dev.licex.protocol.fault.FaultAction.DROP_RESPONSE));
        CliRun interrupted = acquire(TestServer.FILM);
        assertThat(interrupted.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(interrupted.err()).contains("pending (RIGHTS_STORED)");
        server.server.faults().clear();

        CliRun recover = CliRun.of("recover", "--server", url, "--token", TestServer.ALICE_TOKEN, "--store", store);

        assertThat(recover.exitCode()).as(recover.err()).isZero();
        assertThat(recover.out()).contains("Resumed 1 transaction(s); 0 left unfinished");
        assertThat(CliRun.of("recover", "--server", url, "--token", TestServer.ALICE_TOKEN, "--store", store).out())
                .contains("Nothing to recover");
    }

    @Test
    void licensesJsonListsRightsAndPending() {
        acquire(TestServer.FILM);
        acquire(TestServer.SONG);

        CliRun run = CliRun.of("licenses", "--store", store, "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("licenses")).hasSize(2);
        assertThat(json.get("licenses").get(0).has("rightsId")).isTrue();
        assertThat(json.get("licenses").get(0).has("rules")).isTrue();
        assertThat(json.get("pending")).isEmpty();
        assertThat(CliRun.of("licenses", "--store", store).out()).contains("2 license(s)").contains("[valid]");
    }

    @Test
    void licensesPrintsAPageNewestFirstAndSaysHowToSeeMore() {
        acquire(TestServer.FILM);
        acquire(TestServer.SONG);
        acquire(TestServer.FILM);

        CliRun first = CliRun.of("licenses", "--store", store, "--page-size", "2");
        CliRun second = CliRun.of("licenses", "--store", store, "--page-size", "2", "--page", "2");
        CliRun all = CliRun.of("licenses", "--store", store, "--all");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("3 license(s)").contains("Showing 1-2 of 3, newest first")
                .contains("--page 2");
        assertThat(first.out().lines().filter(line -> line.startsWith("  [valid]"))).hasSize(2);
        assertThat(second.out().lines().filter(line -> line.startsWith("  [valid]"))).hasSize(1);
        assertThat(all.out().lines().filter(line -> line.startsWith("  [valid]"))).hasSize(3);
        assertThat(all.out()).doesNotContain("Showing");
        assertThat(CliRun.of("licenses", "--store", store, "--page", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aHandEditedLicenseIsShownInvalid() throws Exception {
        acquire(TestServer.SONG);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("device/device"), "licex", "");
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE rights SET body = REPLACE(body, '\"plays\":3', '\"plays\":300')")) {
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        CliRun run = CliRun.of("licenses", "--store", store);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(run.out()).contains("[signature invalid]");
        assertThat(run.err()).contains("fail their signature check");
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("acquire", "--server", url).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun badUrl = CliRun.of("acquire", "--server", "ftp://x", "--token", "t", "--offer", "o", "--store", store);
        assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).contains("http://");
        assertThat(CliRun.of("server", "--faults", "x.json").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void returnAndCancelFromTheCommandLine() throws Exception {
        JsonNode acquired = Json.parse(acquire(TestServer.FILM, "--json").out().getBytes(StandardCharsets.UTF_8));
        String rightsId = acquired.get("rights").get("rightsId").asText();

        CliRun returned = CliRun.of("return", "--server", url, "--token", TestServer.ALICE_TOKEN, "--rights", rightsId,
                "--store", store);
        assertThat(returned.exitCode()).as(returned.err()).isZero();
        assertThat(returned.out()).contains("Returned rights " + rightsId);
        CliRun again = CliRun.of("return", "--server", url, "--token", TestServer.ALICE_TOKEN, "--rights", rightsId,
                "--store", store);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("not on this device");

        server.server.faults().add(dev.licex.protocol.fault.FaultRule.always(dev.licex.protocol.event.Leg.REQUEST,
                dev.licex.protocol.fault.FaultAction.DROP_RESPONSE));
        CliRun interrupted = acquire(TestServer.FILM);
        server.server.faults().clear();
        String pending = interrupted.err().replaceAll("(?s).*transaction ([0-9a-f-]{36}).*", "$1");
        CliRun cancelled = CliRun.of("cancel", "--server", url, "--token", TestServer.ALICE_TOKEN, "--transaction",
                pending, "--store", store);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).contains("Cancelled transaction " + pending);
        JsonNode ledger = Json.parse(server.send(server.get("/v1/ledger", TestServer.ALICE_TOKEN)).body()
                .getBytes(StandardCharsets.UTF_8));
        JsonNode film = null;
        for (JsonNode line : ledger.get("offers")) {
            if (line.get("offerId").asText().equals(TestServer.FILM)) {
                film = line;
            }
        }
        assertThat(film.get("issued").asInt()).isEqualTo(1);
        assertThat(film.get("returned").asInt()).isEqualTo(1);
        assertThat(film.get("stock").asInt()).isEqualTo(TestServer.STOCK);
    }
}

package dev.licex.desktop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.service.LicexSession;
import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientState;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.HttpTransport;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Switching to a remote server, and resuming at start-up what an earlier run left unfinished. */
class ConnectionAndRecoveryTest extends FxRobot {

    @TempDir
    Path home;
    @TempDir
    Path remoteStore;

    @Test
    void switchToARemoteServerStartedByTheTest() throws Exception {
        try (RightsServer remote = RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                DatabaseConfig.h2(remoteStore, "server"), false, null, false, true, 7, null))) {
            LicexApp app = AppHarness.launch(home);
            try {
                clickOn("#nav-connection");
                clickOn("#connection-remote");
                clickOn("#connection-url").write(remote.baseUri().toString());
                clickOn("#connection-token").write(DemoCatalog.BOB_TOKEN);
                clickOn("#connection-test");
                Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.text(this, "#connection-result")
                        .startsWith("Connected: the server answers and accepts the token (account bob"));

                clickOn("#connection-apply");
                Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.session(app) != null
                        && !AppHarness.session(app).choice().embedded() && app.window().catalog() != null
                        && app.window().catalog().allOffers().size() == 48);
                assertThat(AppHarness.text(this, "#connection-label")).isEqualTo("remote server " + remote.baseUri());
                Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> "server answers".equals(
                        AppHarness.text(this, "#health-label")));
                assertThat(app.window().catalog().allOffers()).allMatch(o -> o.stock() == 7);
                assertThat(app.shell().settings().connection().url()).isEqualTo(remote.baseUri().toString());
            } finally {
                AppHarness.stop(app);
            }
            LicexApp again = AppHarness.launch(home);
            try {
                assertThat(AppHarness.session(again).choice().embedded()).as("the choice is remembered").isFalse();
            } finally {
                AppHarness.stop(again);
            }
        }
    }

    @Test
    void anUnfinishedAcquisitionOfAnEarlierRunIsResumedAtStartUp() throws Exception {
        UUID pending = leaveAnAcquisitionUnfinished();

        LicexApp app = AppHarness.launch(home);
        try {
            ClientStore store = AppHarness.session(app).store();
            Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> store.find(pending).orElseThrow().state()
                    == ClientState.COMPLETED);
            assertThat(store.rights()).hasSize(1);
            clickOn("#nav-transactions");
            Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.text(this, "#transactions-summary")
                    .equals("1 transactions, none unfinished"));
        } finally {
            AppHarness.stop(app);
        }
    }

    /**
     * What an earlier run of the app leaves when the server's answer to leg 5 never came: the same
     * device store and embedded simulator store, a transaction with the rights stored and leg 5
     * unconfirmed.
     */
    private UUID leaveAnAcquisitionUnfinished() throws Exception {
        try (RightsServer simulator = RightsServer.start(SimulatorConfig.embedded(
                DatabaseConfig.h2(home.resolve("simulator"), "server"), LicexSession.EMBEDDED_ADMIN_TOKEN, 100));
                ClientStore store = ClientStore.open(DatabaseConfig.h2(home.resolve("device"), "device"),
                        new EventBus(), Clock.systemUTC())) {
            simulator.faults().add(FaultRule.always(Leg.COMPLETE, FaultAction.DROP_RESPONSE));
            ClientEngine engine = new ClientEngine(store, new ServerConnection(HttpTransport.to(simulator.baseUri()),
                    DemoCatalog.ALICE_TOKEN, LicexSession.EMBEDDED_ORIGIN),
                    new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)), new EventBus(), StepGate.OPEN,
                    Clock.systemUTC());
            Outcome outcome = engine.acquire("film-harbour-lights", "Harbour Lights");
            assertThat(outcome).isInstanceOf(Outcome.Pending.class);
            return outcome.transactionId();
        }
    }
}

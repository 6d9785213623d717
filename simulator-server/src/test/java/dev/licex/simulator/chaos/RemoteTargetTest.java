package dev.licex.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.testing.TestServer;
import dev.licex.simulator.TestRightsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API as the fault lab and {@code licex chaos} drive a simulator elsewhere (CONTRACT.md section 5). */
class RemoteTargetTest {

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

    private RemoteTarget target(String adminToken) {
        return new RemoteTarget(server.uri("/"), TestServer.ALICE_TOKEN, adminToken);
    }

    @Test
    void rulesSetRemotelyAreTheSimulatorsAndCountDownAsTheyFire() throws Exception {
        List<FaultRule> rules = List.of(new FaultRule(Leg.REQUEST, FaultAction.DROP_RESPONSE, 2, null, null, null),
                new FaultRule(Leg.OPEN, FaultAction.ERROR, null, 0.5, null, 503));
        try (RemoteTarget target = target(TestRightsServer.ADMIN_TOKEN)) {
            target.applyFaults(rules, 7);
            assertThat(target.activeFaults()).isEqualTo(rules);
            assertThat(server.server.faults().rules()).isEqualTo(rules);

            server.server.faults().decide(Leg.REQUEST);
            assertThat(target.activeFaults().get(0).times()).isEqualTo(1);

            target.clearFaults();
            assertThat(target.activeFaults()).isEmpty();
        }
    }

    @Test
    void aRestartAskedForRemotelyRebuildsTheServer() throws Exception {
        List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
        server.server.events().subscribe(events::add);
        try (RemoteTarget target = target(TestRightsServer.ADMIN_TOKEN)) {
            target.restart();
        }
        assertThat(events).anyMatch(e -> e instanceof ProtocolEvent.ServerRestarted);
    }

    @Test
    void aWrongAdminTokenIsRefusedWithAMessageThatSaysSo() {
        try (RemoteTarget target = target("wrong")) {
            assertThatThrownBy(target::activeFaults).isInstanceOf(TargetRefusedException.class)
                    .hasMessageContaining("admin token");
            assertThatThrownBy(target::restart).isInstanceOf(TargetRefusedException.class);
        }
        assertThat(server.server.faults().rules()).isEmpty();
    }
}

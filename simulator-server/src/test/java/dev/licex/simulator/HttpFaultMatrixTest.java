package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault action of CONTRACT.md section 5 on every leg, over real HTTP and real connection
 * cuts: after retries (and recovery), exactly one issuance per acquisition.
 */
class HttpFaultMatrixTest {

    @TempDir
    static Path dir;
    static TestRightsServer server;
    static int round;

    @BeforeAll
    static void start() throws Exception {
        server = TestRightsServer.start(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
            for (FaultAction action : FaultAction.values()) {
                FaultRule rule = switch (action) {
                    case DELAY -> new FaultRule(leg, action, 1, null, 100, null);
                    case ERROR -> new FaultRule(leg, action, 1, null, null, 503);
                    case CORRUPT_RESPONSE -> new FaultRule(leg, action, 2, null, null, null);
                    default -> FaultRule.once(leg, action);
                };
                cases.add(Arguments.of(action + " on " + leg, rule));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void anAcquisitionUnderThisFaultDeliversExactlyOnce(String name, FaultRule rule) throws Exception {
        List<ProtocolEvent.FaultApplied> applied = new CopyOnWriteArrayList<>();
        server.server.events().subscribe(e -> {
            if (e instanceof ProtocolEvent.FaultApplied f) {
                applied.add(f);
            }
        });
        try (TestDevice device = new TestDevice(dir.resolve("device-" + round++), server.transport(),
                TestServer.ALICE_TOKEN, new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(50)),
                StepGate.OPEN)) {
            server.server.faults().add(rule);
            Outcome outcome = device.engine.acquire(TestServer.FILM, null);
            server.server.faults().clear();
            if (outcome instanceof Outcome.Pending) {
                outcome = device.engine.drive(outcome.transactionId());
            }

            assertThat(applied).isNotEmpty();
            assertThat(outcome).isInstanceOf(Outcome.Completed.class);
            assertThat(device.store.rights()).hasSize(1);
            assertThat(server.server.runtime().engine().status(TestServer.ALICE, outcome.transactionId()).state())
                    .hasToString("COMPLETED");
            Invariant.assertHolds(server.server.runtime(), devicesSoFar(device));
        }
    }

    /** The invariant spans every device this server ever served, so reopen the earlier ones. */
    private static dev.licex.protocol.client.ClientStore[] devicesSoFar(TestDevice current) {
        List<dev.licex.protocol.client.ClientStore> stores = new ArrayList<>();
        for (int i = 0; i < round - 1; i++) {
            stores.add(dev.licex.protocol.client.ClientStore.open(
                    dev.licex.protocol.store.DatabaseConfig.h2(dir.resolve("device-" + i), "device"),
                    new dev.licex.protocol.event.EventBus(), java.time.Clock.systemUTC()));
        }
        stores.add(current.store);
        return stores.toArray(dev.licex.protocol.client.ClientStore[]::new);
    }
}

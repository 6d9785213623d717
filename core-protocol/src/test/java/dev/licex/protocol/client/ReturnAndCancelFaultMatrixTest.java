package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-fault matrix for rights flowing back: every fault on every leg of a return, and on
 * the cancellation. Afterwards the unit is back on the server exactly once, no usable rights are
 * left on the device, and {@code initialStock == stock + issued - returned}.
 */
class ReturnAndCancelFaultMatrixTest {

    @TempDir
    Path dir;

    static List<FaultRule> faultsOn(Leg leg) {
        return List.of(FaultRule.once(leg, FaultAction.DROP_REQUEST), FaultRule.once(leg, FaultAction.DROP_RESPONSE),
                FaultRule.once(leg, FaultAction.DUPLICATE), new FaultRule(leg, FaultAction.ERROR, 1, null, null, 500),
                new FaultRule(leg, FaultAction.ERROR, 1, null, null, 503),
                new FaultRule(leg, FaultAction.CORRUPT_RESPONSE, 2, null, null, null),
                new FaultRule(leg, FaultAction.DELAY, 1, null, 20, null),
                FaultRule.once(leg, FaultAction.CRASH_AFTER_COMMIT),
                FaultRule.always(leg, FaultAction.DROP_RESPONSE));
    }

    static Stream<Arguments> returnFaults() {
        List<Arguments> cases = new ArrayList<>();
        for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
            faultsOn(leg).forEach(rule -> cases.add(Arguments.of("return: " + rule.describe(), rule)));
        }
        return cases.stream();
    }

    static Stream<Arguments> cancelFaults() {
        return faultsOn(Leg.CANCEL).stream().map(rule -> Arguments.of("cancel: " + rule.describe(), rule));
    }

    private TestDevice device(TestServer server) {
        return new TestDevice(dir.resolve("device"), server.transport(), TestServer.ALICE_TOKEN,
                new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5)), StepGate.OPEN);
    }

    private static LedgerLine film(TestServer server) {
        return server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
    }

    private static Outcome finish(TestDevice device, Outcome first) throws InterruptedException {
        return first instanceof Outcome.Pending ? device.engine.drive(first.transactionId()) : first;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("returnFaults")
    void aReturnUnderTheFaultGivesTheUnitBackExactlyOnce(String name, FaultRule rule) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server")); TestDevice device = device(server)) {
            Outcome.Completed acquired = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);
            server.faults.add(rule);
            Outcome first = device.engine.returnRights(acquired.rights().rightsId());
            server.faults.clear();

            assertThat(finish(device, first)).isInstanceOf(Outcome.Returned.class);
            assertThat(device.store.rights()).isEmpty();
            assertThat(device.store.unfinished()).isEmpty();
            LedgerLine film = film(server);
            assertThat(film.returned()).isEqualTo(1);
            assertThat(film.stock()).isEqualTo(TestServer.STOCK);
            Invariant.assertHolds(server.runtime, device.store);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cancelFaults")
    void aCancellationUnderTheFaultRestoresTheStockExactlyOnce(String name, FaultRule rule) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server")); TestDevice device = device(server)) {
            server.faults.add(FaultRule.always(Leg.COMPLETE, FaultAction.DROP_REQUEST));
            Outcome pending = device.engine.acquire(TestServer.FILM, null);
            server.faults.replace(List.of(rule));
            Outcome first = device.engine.cancel(pending.transactionId());
            server.faults.clear();

            assertThat(finish(device, first)).isInstanceOf(Outcome.Cancelled.class);
            assertThat(device.store.rights()).isEmpty();
            assertThat(device.store.unfinished()).isEmpty();
            LedgerLine film = film(server);
            assertThat(film.issued()).isZero();
            assertThat(film.stock()).isEqualTo(TestServer.STOCK);
            Invariant.assertHolds(server.runtime, device.store);
        }
    }
}

package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every leg times every failure the network or the server can cause: after the engine's retries
 * (and a recovery run if it gave up), exactly one rights object is issued and stored, stock is
 * taken once, and nothing is left unfinished.
 */
class FaultMatrixTest {

    @TempDir
    Path dir;

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
            String request = "leg " + leg.number() + " " + leg;
            String answer = "leg " + leg.answer().number() + " " + leg.answer();
            cases.add(Arguments.of(request + " lost", FaultRule.once(leg, FaultAction.DROP_REQUEST)));
            cases.add(Arguments.of(answer + " lost", FaultRule.once(leg, FaultAction.DROP_RESPONSE)));
            cases.add(Arguments.of(request + " duplicated", FaultRule.once(leg, FaultAction.DUPLICATE)));
            cases.add(Arguments.of(request + " answered 500",
                    new FaultRule(leg, FaultAction.ERROR, 1, null, null, 500)));
            cases.add(Arguments.of(request + " answered 503",
                    new FaultRule(leg, FaultAction.ERROR, 1, null, null, 503)));
            cases.add(Arguments.of(request + " answered 429",
                    new FaultRule(leg, FaultAction.ERROR, 1, null, null, 429)));
            cases.add(Arguments.of(answer + " corrupted", new FaultRule(leg, FaultAction.CORRUPT_RESPONSE, 3, null,
                    null, null)));
            cases.add(Arguments.of(answer + " delayed", new FaultRule(leg, FaultAction.DELAY, 1, null, 50, null)));
            cases.add(Arguments.of("server restarts after committing " + request,
                    FaultRule.once(leg, FaultAction.CRASH_AFTER_COMMIT)));
            cases.add(Arguments.of(request + " lost on every try until the client gives up",
                    FaultRule.always(leg, FaultAction.DROP_RESPONSE)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void oneAcquisitionUnderTheFaultDeliversExactlyOnce(String name, FaultRule rule) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = new TestDevice(dir.resolve("device"), server.transport(), TestServer.ALICE_TOKEN,
                        new RetryPolicy(6, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5)),
                        StepGate.OPEN)) {
            List<ProtocolEvent.FaultApplied> applied = new CopyOnWriteArrayList<>();
            server.events.subscribe(e -> {
                if (e instanceof ProtocolEvent.FaultApplied f) {
                    applied.add(f);
                }
            });
            server.faults.add(rule);

            Outcome first = device.engine.acquire(TestServer.FILM, null);
            server.faults.clear();
            Outcome outcome = first instanceof Outcome.Pending ? device.engine.drive(first.transactionId()) : first;

            assertThat(applied).as("the fault was injected").isNotEmpty();
            assertThat(outcome).isInstanceOf(Outcome.Completed.class);
            assertThat(device.store.rights()).hasSize(1);
            assertThat(device.store.unfinished()).isEmpty();
            LedgerLine film = server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                    .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
            assertThat(film.issued()).isEqualTo(1);
            assertThat(film.completed()).isEqualTo(1);
            assertThat(film.stock()).isEqualTo(TestServer.STOCK - 1);
            Invariant.assertHolds(server.runtime, device.store);
        }
    }
}

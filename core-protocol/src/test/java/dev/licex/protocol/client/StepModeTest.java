package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step mode: the engine waits before every leg, retries included, and Next lets exactly one go. */
class StepModeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestServer server;
    private TestDevice device;
    private final List<Leg> pausedBefore = new CopyOnWriteArrayList<>();
    private ManualStepGate gate;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        gate = new ManualStepGate(true, event -> {
            if (event instanceof ProtocolEvent.Paused paused) {
                pausedBefore.add(paused.leg());
            }
        }, Clock.systemUTC());
        device = new TestDevice(dir.resolve("device"), server.transport(), TestServer.ALICE_TOKEN, RetryPolicy.fast(),
                gate);
    }

    @AfterEach
    void stop() {
        gate.runToEnd();
        device.close();
        server.close();
    }

    private void awaitPauses(int count) {
        Awaitility.await().atMost(PATIENCE).until(() -> pausedBefore.size() == count);
    }

    private ClientState state(UUID tid) {
        return device.store.find(tid).orElseThrow().state();
    }

    private LedgerLine film() {
        return server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
    }

    @Test
    void nextSendsOneLegAtATimeAndARetryWaitsToo() throws Exception {
        UUID tid = device.engine.begin(TestServer.FILM, "The Long Voyage").transactionId();
        CompletableFuture<Outcome> drive = CompletableFuture.supplyAsync(() -> {
            try {
                return device.engine.drive(tid);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        awaitPauses(1);
        assertThat(pausedBefore).containsExactly(Leg.OPEN);
        assertThat(state(tid)).isEqualTo(ClientState.CREATED);
        assertThat(server.runtime.engine().ledger(TestServer.ALICE).offers()).allMatch(l -> l.issued() == 0);

        gate.next();
        awaitPauses(2);
        assertThat(pausedBefore).containsExactly(Leg.OPEN, Leg.REQUEST);
        assertThat(state(tid)).isEqualTo(ClientState.OPENED);
        assertThat(film().issued()).isZero();

        server.faults.add(FaultRule.once(Leg.REQUEST, FaultAction.DROP_RESPONSE));
        gate.next();
        awaitPauses(3);
        assertThat(pausedBefore).as("the resend after the lost answer waits for Next as well")
                .containsExactly(Leg.OPEN, Leg.REQUEST, Leg.REQUEST);
        assertThat(state(tid)).isEqualTo(ClientState.OPENED);
        assertThat(film().issued()).as("the server issued before its answer was lost").isEqualTo(1);

        gate.next();
        awaitPauses(4);
        assertThat(pausedBefore).endsWith(Leg.COMPLETE);
        assertThat(state(tid)).isEqualTo(ClientState.RIGHTS_STORED);
        assertThat(drive).isNotDone();

        gate.runToEnd();
        Outcome outcome = drive.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(state(tid)).isEqualTo(ClientState.COMPLETED);
        assertThat(film().issued()).as("one issuance in all").isEqualTo(1);
        assertThat(film().completed()).isEqualTo(1);
        assertThat(pausedBefore).hasSize(4);
    }
}

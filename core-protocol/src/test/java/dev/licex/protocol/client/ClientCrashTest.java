package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.SimulatedCrash;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client dies at every point of an acquisition: before and after each durable write, before
 * each send and after each answer. The engine is discarded, the store reopened from its file, and
 * recovery must finish the acquisition with exactly one issuance.
 */
class ClientCrashTest {

    /** Client events in one clean acquisition: 1 stored + 3 x (sent, received, stored) + finished. */
    private static final int CLIENT_EVENTS = 11;

    @TempDir
    Path dir;

    static IntStream crashPoints() {
        return IntStream.range(0, CLIENT_EVENTS);
    }

    @ParameterizedTest(name = "crash at client event {0}")
    @MethodSource("crashPoints")
    void recoveryAfterACrashAtThisPointDeliversExactlyOnce(int crashAt) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"))) {
            List<String> seen = new ArrayList<>();
            TestDevice doomed = TestDevice.of(dir.resolve("device"), server.transport());
            AtomicInteger count = new AtomicInteger();
            doomed.events.subscribe(e -> {
                seen.add(e.getClass().getSimpleName());
                if (count.getAndIncrement() == crashAt) {
                    throw new SimulatedCrash(e.toString());
                }
            });
            assertThatThrownBy(() -> doomed.engine.acquire(TestServer.FILM, null)).isInstanceOf(SimulatedCrash.class);
            doomed.close();

            try (TestDevice revived = TestDevice.of(dir.resolve("device"), server.transport())) {
                List<Outcome> outcomes = revived.engine.recover();
                boolean crashedBeforeCompletion = crashAt < CLIENT_EVENTS - 2;
                assertThat(outcomes).as("after %s", seen).hasSize(crashedBeforeCompletion ? 1 : 0);
                outcomes.forEach(o -> assertThat(o).isInstanceOf(Outcome.Completed.class));

                assertThat(revived.store.rights()).hasSize(1);
                assertThat(revived.store.unfinished()).isEmpty();
                LedgerLine film = server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                        .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
                assertThat(film.issued()).isEqualTo(1);
                assertThat(film.completed()).isEqualTo(1);
                Invariant.assertHolds(server.runtime, revived.store);
            }
        }
    }

    @Test
    void theCrashPointsCoverEveryClientEventOfAnAcquisition() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            List<ProtocolEvent> events = new ArrayList<>();
            device.events.subscribe(events::add);
            device.engine.acquire(TestServer.FILM, null);
            assertThat(events).hasSize(CLIENT_EVENTS).allMatch(e -> e.side() == Side.CLIENT);
        }
    }
}

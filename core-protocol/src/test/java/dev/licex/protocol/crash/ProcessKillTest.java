package dev.licex.protocol.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.client.ClientState;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.message.ProblemException;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.StoreInUseException;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.KillableChild;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real JVM running both engines on H2 files with SIGKILL at random moments, again and
 * again, while it acquires, returns and cancels; then recovers in this JVM and checks the
 * exactly-once invariant and that every acquisition, return and cancellation the child
 * acknowledged survived.
 */
class ProcessKillTest {

    /** Kills at least this many times; more while the child has not yet done every kind of operation. */
    private static final int KILLS = 12;
    /**
     * A child still short of that after this many kills is stuck, not slow: on a busy machine the
     * child, started cold each round, can finish fewer operations than there are kills.
     */
    private static final int MOST_KILLS = 36;

    @TempDir
    Path dir;

    @Test
    void killingTheProcessAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        Random random = new Random();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        for (int round = 0; round < MOST_KILLS && (round < KILLS || !everyKindOfProgress(acknowledged)); round++) {
            KillableChild child = start();
            child.await("READY");
            TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(400));
            child.kill();
            acknowledged.addAll(child.linesStartingWith("ACK ", "RET ", "CAN "));
        }
        assertThat(everyKindOfProgress(acknowledged)).as("the child made progress between kills: %s", acknowledged)
                .isTrue();

        try (TestServer server = TestServer.reopen(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            device.engine.recover();

            long returns = 0;
            for (String ack : acknowledged) {
                String[] parts = ack.split(" ");
                UUID tid = UUID.fromString(parts[1]);
                assertThat(device.store.find(tid)).as("acknowledged transaction %s survived", tid).isPresent();
                ServerState onServer = serverState(server, tid);
                ClientState onDevice = device.store.find(tid).orElseThrow().state();
                switch (parts[0]) {
                    case "ACK" -> {
                        assertThat(onDevice).isEqualTo(ClientState.COMPLETED);
                        assertThat(onServer).isEqualTo(ServerState.COMPLETED);
                    }
                    case "RET" -> {
                        returns++;
                        assertThat(onDevice).isEqualTo(ClientState.COMPLETED);
                        assertThat(onServer).isEqualTo(ServerState.COMPLETED);
                        assertThat(device.store.rights(UUID.fromString(parts[2]))).isEmpty();
                    }
                    default -> {
                        assertThat(onDevice).isEqualTo(ClientState.CANCELLED);
                        assertThat(onServer).as("a cancelled T is cancelled on the server or never reached it")
                                .isIn(ServerState.CANCELLED, null);
                    }
                }
            }
            long returned = server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                    .mapToLong(LedgerLine::returned).sum();
            assertThat(returned).isGreaterThanOrEqualTo(returns);
            Invariant.assertHolds(server.runtime, device.store);
        }
    }

    private static ServerState serverState(TestServer server, UUID tid) {
        try {
            return server.runtime.engine().status(TestServer.ALICE, tid).state();
        } catch (ProblemException unknown) {
            return null;
        }
    }

    @Test
    void aSecondProcessCannotOpenAStoreInUse() throws Exception {
        KillableChild child = start();
        try {
            child.await("READY");
            assertThatThrownBy(() -> ClientStore.open(DatabaseConfig.h2(dir.resolve("device"), "device"),
                    new EventBus(), Clock.systemUTC()))
                    .isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining("is in use by another licex process");
            assertThatThrownBy(() -> TestServer.reopen(dir.resolve("server")))
                    .isInstanceOf(StoreInUseException.class);
        } finally {
            child.kill();
        }
    }

    private KillableChild start() throws Exception {
        return KillableChild.start(CrashWorker.class, dir.resolve("server").toString(), dir.resolve("device").toString());
    }

    private static boolean everyKindOfProgress(List<String> acknowledged) {
        return acknowledged.size() > KILLS
                && acknowledged.stream().anyMatch(a -> a.startsWith("RET "))
                && acknowledged.stream().anyMatch(a -> a.startsWith("CAN "));
    }
}

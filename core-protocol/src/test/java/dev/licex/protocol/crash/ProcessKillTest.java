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
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void killingTheProcessAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        Random random = new Random();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        for (int round = 0; round < KILLS; round++) {
            Child child = Child.start(dir);
            child.awaitReady();
            TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(400));
            child.kill();
            acknowledged.addAll(child.acks());
        }
        assertThat(acknowledged).as("the child made progress between kills").hasSizeGreaterThan(KILLS)
                .anyMatch(a -> a.startsWith("RET ")).anyMatch(a -> a.startsWith("CAN "));

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
        Child child = Child.start(dir);
        try {
            child.awaitReady();
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

    /** A CrashWorker JVM and what it printed. */
    private record Child(Process process, CompletableFuture<Void> ready, List<String> lines, Thread reader) {

        static Child start(Path dir) throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashWorker.class.getName(), dir.resolve("server").toString(), dir.resolve("device").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        if (line.equals("READY")) {
                            ready.complete(null);
                        }
                    }
                    ready.completeExceptionally(new IllegalStateException("the child exited: " + lines));
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
            return new Child(process, ready, lines, reader);
        }

        void awaitReady() throws Exception {
            ready.get(60, TimeUnit.SECONDS);
        }

        /** SIGKILL: {@code destroyForcibly} on Unix sends signal 9; no shutdown hook runs. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        List<String> acks() {
            List<String> acks = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("ACK ") || line.startsWith("RET ") || line.startsWith("CAN ")) {
                    acks.add(line);
                }
            }
            return acks;
        }
    }
}

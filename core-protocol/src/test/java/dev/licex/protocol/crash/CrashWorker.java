package dev.licex.protocol.crash;

import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child process of {@link ProcessKillTest}: a server and a device on H2 files in one JVM,
 * acquiring rights in a loop under random network faults until it is killed. It prints
 * {@code ACK <tid>} only after an acquisition completed, which is the moment both sides have
 * acknowledged their commits.
 */
public final class CrashWorker {

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path server = Path.of(args[0]);
        Path device = Path.of(args[1]);
        PrintStream out = System.out;
        try (TestServer node = server.resolve("server.mv.db").toFile().exists()
                ? TestServer.reopen(server) : TestServer.start(server);
                TestDevice phone = new TestDevice(device, node.transport(), TestServer.ALICE_TOKEN,
                        new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(5)), StepGate.OPEN)) {
            for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
                node.faults.add(FaultRule.withProbability(leg, FaultAction.DROP_RESPONSE, 0.1));
                node.faults.add(FaultRule.withProbability(leg, FaultAction.CRASH_AFTER_COMMIT, 0.03));
            }
            for (Outcome recovered : phone.engine.recover()) {
                acknowledge(out, recovered);
            }
            out.println("READY");
            out.flush();
            while (true) {
                String offer = ThreadLocalRandom.current().nextBoolean() ? TestServer.FILM : TestServer.SONG;
                acknowledge(out, phone.engine.acquire(offer, null));
            }
        }
    }

    private static void acknowledge(PrintStream out, Outcome outcome) {
        if (outcome instanceof Outcome.Completed completed) {
            out.println("ACK " + completed.transactionId() + " " + completed.rights().rightsId());
            out.flush();
        }
    }
}

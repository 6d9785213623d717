package dev.licex.protocol.crash;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientState;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.rights.Custody;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child process of {@link ProcessKillTest}: a server and a device on H2 files in one JVM,
 * acquiring, returning and cancelling in a loop under random network faults until it is killed.
 * It prints {@code ACK <tid> <rights>} after an acquisition completed, {@code RET <tid> <rights>}
 * after a return and {@code CAN <tid>} after a cancellation: the moments both sides have
 * acknowledged their commits. A short retry budget leaves some acquisitions pending, and half of
 * those are cancelled.
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
                        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)), StepGate.OPEN)) {
            for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
                node.faults.add(FaultRule.withProbability(leg, FaultAction.DROP_RESPONSE, 0.1));
                node.faults.add(FaultRule.withProbability(leg, FaultAction.CRASH_AFTER_COMMIT, 0.03));
            }
            ClientEngine impatient = new ClientEngine(phone.store, new ServerConnection(node.transport(),
                    TestServer.ALICE_TOKEN), new RetryPolicy(1, Duration.ZERO, Duration.ZERO), phone.events,
                    StepGate.OPEN, Clock.systemUTC());
            for (Outcome recovered : phone.engine.recover()) {
                acknowledge(out, recovered);
            }
            out.println("READY");
            out.flush();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (true) {
                int dice = random.nextInt(10);
                List<HeldRights> held = phone.store.rights().stream()
                        .filter(r -> r.custody() == Custody.HELD)
                        .filter(r -> phone.store.find(r.rights().transactionId()).orElseThrow().state()
                                == ClientState.COMPLETED)
                        .toList();
                String offer = random.nextBoolean() ? TestServer.FILM : TestServer.SONG;
                Outcome outcome;
                if (dice < 2 && !held.isEmpty()) {
                    outcome = phone.engine.returnRights(held.get(random.nextInt(held.size())).rightsId());
                } else if (dice < 4) {
                    // An acquisition interrupted at a random leg, then cancelled: before or after the
                    // server issued, before or after the device stored the rights, or after the server
                    // completed (then the cancellation is refused and the acquisition completes).
                    node.faults.add(FaultRule.once(random.nextBoolean() ? Leg.REQUEST : Leg.COMPLETE,
                            random.nextBoolean() ? FaultAction.DROP_REQUEST : FaultAction.DROP_RESPONSE));
                    outcome = impatient.acquire(offer, null);
                    if (outcome instanceof Outcome.Pending pending) {
                        outcome = phone.engine.cancel(pending.transactionId());
                    }
                } else {
                    outcome = phone.engine.acquire(offer, null);
                }
                acknowledge(out, outcome);
                if (outcome instanceof Outcome.Pending && random.nextInt(4) == 0) {
                    phone.engine.recover().forEach(o -> acknowledge(out, o));
                }
            }
        }
    }

    private static void acknowledge(PrintStream out, Outcome outcome) {
        switch (outcome) {
            case Outcome.Completed c when c.rights() != null -> out.println("ACK " + c.transactionId() + " "
                    + c.rights().rightsId());
            case Outcome.Returned r -> out.println("RET " + r.transactionId() + " " + r.rightsId());
            case Outcome.Cancelled c -> out.println("CAN " + c.transactionId());
            default -> {
                return;
            }
        }
        out.flush();
    }
}

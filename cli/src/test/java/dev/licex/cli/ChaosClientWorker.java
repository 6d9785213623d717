package dev.licex.cli;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientState;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.rights.Custody;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.store.DatabaseConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client process of {@link MultiProcessChaosTest} and {@link ScaleOutChaosTest}: one device acquiring, returning and cancelling
 * over HTTP in a loop, riding out faults and server crashes with retries, until it is killed.
 * Cancellations come from a second engine with a single attempt, whose interrupted acquisitions
 * are then cancelled.
 */
public final class ChaosClientWorker {

    private ChaosClientWorker() {
    }

    public static void main(String[] args) throws Exception {
        // one server, or several (comma-separated) behind an imaginary load balancer
        List<URI> servers = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        String token = args[1];
        Path store = Path.of(args[2]);
        RetryPolicy patient = new RetryPolicy(100_000, Duration.ofMillis(5), Duration.ofMillis(200));
        try (ClientStore device = ClientStore.open(DatabaseConfig.h2(store, "device"), new EventBus(), Clock.systemUTC());
                ServerConnection connection = new ServerConnection(
                        SpreadTransport.over(servers, Duration.ofSeconds(1), Duration.ofSeconds(3)), token)) {
            ClientEngine engine = new ClientEngine(device, connection, patient, new EventBus(), StepGate.OPEN,
                    Clock.systemUTC());
            ClientEngine impatient = new ClientEngine(device, connection, new RetryPolicy(1, Duration.ZERO,
                    Duration.ZERO), new EventBus(), StepGate.OPEN, Clock.systemUTC());
            engine.recover();
            List<String> offers = offers(connection);
            System.out.println("READY");
            System.out.flush();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (true) {
                String offer = offers.get(random.nextInt(offers.size()));
                int dice = random.nextInt(10);
                List<HeldRights> returnable = dice < 2 ? returnable(device) : List.of();
                Outcome outcome;
                if (!returnable.isEmpty()) {
                    outcome = engine.returnRights(returnable.get(random.nextInt(returnable.size())).rightsId());
                } else if (dice < 4) {
                    outcome = impatient.acquire(offer, null);
                    if (outcome instanceof Outcome.Pending pending) {
                        outcome = engine.cancel(pending.transactionId());
                    }
                } else {
                    outcome = engine.acquire(offer, null);
                }
                if (outcome instanceof Outcome.Completed || outcome instanceof Outcome.Returned
                        || outcome instanceof Outcome.Cancelled) {
                    System.out.println("ACK " + outcome.getClass().getSimpleName() + " " + outcome.transactionId());
                    System.out.flush();
                }
            }
        }
    }

    private static List<HeldRights> returnable(ClientStore device) {
        return device.rights().stream()
                .filter(r -> r.custody() == Custody.HELD)
                .filter(r -> device.find(r.rights().transactionId()).orElseThrow().state() == ClientState.COMPLETED)
                .toList();
    }

    private static List<String> offers(ServerConnection connection) throws InterruptedException {
        while (true) {
            try {
                return connection.catalog("", 0, 8).items().stream().map(CatalogItem::offerId).toList();
            } catch (IOException | RuntimeException serverNotReadyYet) {
                Thread.sleep(100);
            }
        }
    }
}

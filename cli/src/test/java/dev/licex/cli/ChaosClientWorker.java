package dev.licex.cli;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client process of {@link MultiProcessChaosTest}: one device acquiring rights over HTTP in a loop,
 * riding out faults and server crashes with retries, until it is killed.
 */
public final class ChaosClientWorker {

    private ChaosClientWorker() {
    }

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String token = args[1];
        Path store = Path.of(args[2]);
        RetryPolicy patient = new RetryPolicy(100_000, Duration.ofMillis(5), Duration.ofMillis(200));
        try (ClientStore device = ClientStore.open(DatabaseConfig.h2(store, "device"), new EventBus(), Clock.systemUTC());
                ServerConnection connection = new ServerConnection(
                        new HttpTransport(server, Duration.ofSeconds(1), Duration.ofSeconds(3), null), token)) {
            ClientEngine engine = new ClientEngine(device, connection, patient, new EventBus(), StepGate.OPEN,
                    Clock.systemUTC());
            engine.recover();
            List<String> offers = offers(connection);
            System.out.println("READY");
            System.out.flush();
            while (true) {
                String offer = offers.get(ThreadLocalRandom.current().nextInt(offers.size()));
                if (engine.acquire(offer, null) instanceof Outcome.Completed completed) {
                    System.out.println("ACK " + completed.transactionId());
                    System.out.flush();
                }
            }
        }
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

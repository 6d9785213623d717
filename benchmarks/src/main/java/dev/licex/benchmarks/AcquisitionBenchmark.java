package dev.licex.benchmarks;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.fault.FaultPlan;
import dev.licex.protocol.message.OfferRules;
import dev.licex.protocol.server.Offer;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.InProcessTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole acquisition in one process, without HTTP: both engines, the server's H2 file store with
 * its commits written before they return, the device's store in memory. What the protocol costs
 * apart from the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AcquisitionBenchmark {

    private Path folder;
    private ServerRuntime server;
    private ClientStore device;
    private ClientEngine engine;

    @Setup(Level.Trial)
    public void start() throws IOException {
        folder = Files.createTempDirectory("licex-jmh-");
        EventBus events = new EventBus();
        server = ServerRuntime.start(DatabaseConfig.h2(folder, "server"), events, Clock.systemUTC());
        server.catalog().add(List.of(new Offer("film-1", "c-film-1", "Film", "film", "A film.", OfferRules.days(30),
                Integer.MAX_VALUE / 2)));
        server.accounts().create("alice", "alice-token");
        device = ClientStore.open(DatabaseConfig.h2InMemory("jmh-" + UUID.randomUUID()), events, Clock.systemUTC());
        engine = new ClientEngine(device, new ServerConnection(new InProcessTransport(server,
                new FaultInjector(new FaultPlan(), events, Clock.systemUTC())), "alice-token"),
                RetryPolicy.interactive(), events, StepGate.OPEN, Clock.systemUTC());
    }

    @Benchmark
    public Outcome acquire() throws InterruptedException {
        return engine.acquire("film-1", null);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        device.close();
        server.close();
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

package dev.licex.benchmarks;

import com.sun.management.OperatingSystemMXBean;
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
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.InProcessTransport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * How many writes to the server's H2 file an acquisition costs (three commits, which licex's
 * group commit shares when they come at the same time: a committing thread that waited for
 * another's write skips its own when that write began after its commit), with N devices acquiring
 * at once in this process, without HTTP:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.licex.benchmarks.StoreWrites 8 20}.
 * Also prints this process's CPU time per acquisition (both engines), a figure to compare only
 * with runs on the same machine at the same time. Reaches the MVStore through H2's engine
 * classes, as the group commit does.
 */
public final class StoreWrites {

    private static final int OFFERS = 48;

    private StoreWrites() {
    }

    public static void main(String[] args) throws Exception {
        int devices = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Path folder = Files.createTempDirectory("licex-store-writes-");
        EventBus events = new EventBus();
        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(folder, "server"), events,
                Clock.systemUTC())) {
            List<Offer> offers = new ArrayList<>();
            for (int i = 0; i < OFFERS; i++) {
                offers.add(new Offer("film-" + i, "c-film-" + i, "Film " + i, "film", "A film.", OfferRules.days(30),
                        10_000_000));
            }
            server.catalog().add(offers);
            server.accounts().create("alice", "alice-token");
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder completed = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            List<ClientStore> stores = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                ClientStore store = ClientStore.open(DatabaseConfig.h2InMemory("writes-" + UUID.randomUUID()),
                        new EventBus(), Clock.systemUTC());
                stores.add(store);
                ClientEngine engine = new ClientEngine(store, new ServerConnection(new InProcessTransport(server,
                        new FaultInjector(new FaultPlan(), events, Clock.systemUTC())), "alice-token"), RetryPolicy.interactive(), new EventBus(),
                        StepGate.OPEN, Clock.systemUTC());
                threads.add(Thread.ofPlatform().name("device-" + i).start(() -> acquireUntil(stop, engine, completed)));
            }
            Thread.sleep(Math.min(10, seconds) * 1000L);
            MVStore file = mvStore(server.database());
            Snapshot before = Snapshot.of(file, completed.sum());
            Thread.sleep(seconds * 1000L);
            Snapshot after = Snapshot.of(file, completed.sum());
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            stores.forEach(ClientStore::close);
            long acquisitions = after.acquisitions() - before.acquisitions();
            long writes = after.writes() - before.writes();
            System.out.printf("%d devices, %d s after a warm-up: %d acquisitions (%.0f/s), %d writes to the file: "
                    + "%.2f writes per acquisition, %.0f µs of CPU per acquisition%n", devices, seconds,
                    acquisitions, acquisitions / (double) seconds, writes, writes / (double) acquisitions,
                    (after.cpuNanos() - before.cpuNanos()) / 1e3 / acquisitions);
        } finally {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void acquireUntil(AtomicBoolean stop, ClientEngine engine, LongAdder completed) {
        while (!stop.get()) {
            try {
                Outcome outcome = engine.acquire("film-" + ThreadLocalRandom.current().nextInt(OFFERS), null);
                if (outcome instanceof Outcome.Completed) {
                    completed.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static MVStore mvStore(Database db) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        }
    }

    private record Snapshot(long acquisitions, long writes, long cpuNanos) {
        static Snapshot of(MVStore file, long acquisitions) {
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(acquisitions, file.getCurrentVersion(), os.getProcessCpuTime());
        }
    }
}

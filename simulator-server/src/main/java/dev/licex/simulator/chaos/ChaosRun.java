package dev.licex.simulator.chaos;

import dev.licex.protocol.audit.DeviceHoldings;
import dev.licex.protocol.audit.LedgerDelta;
import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.HttpTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;

/**
 * Many acquisitions from several devices under random faults, then recovery with the faults off,
 * then the conservation check: the engine behind {@code licex chaos} and the desktop fault lab.
 */
public final class ChaosRun {

    private static final RetryPolicy PATIENT = new RetryPolicy(40, Duration.ofMillis(2), Duration.ofMillis(100));
    private static final int MAX_RECOVERY_ROUNDS = 20;
    private static final int CATALOG_PAGE = 50;

    private final ChaosSettings settings;
    private final ChaosTarget target;
    private final Path workDir;
    private final Consumer<ChaosProgress> progress;
    private final List<FaultRule> faults;
    private final LongAdder retries = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final Recorder latency = new Recorder(3);
    private volatile String phase = "RUNNING";
    private Map<String, Long> faultBaseline = Map.of();
    private long started;

    /**
     * @param workDir  where the devices' stores go (one folder per device)
     * @param progress called about twice a second from a background thread
     */
    public ChaosRun(ChaosSettings settings, ChaosTarget target, Path workDir, Consumer<ChaosProgress> progress) {
        this(settings, FaultMix.rules(settings.faultRate()), target, workDir, progress);
    }

    /** A run under chosen fault rules instead of the random mix of {@code settings.faultRate()}. */
    public ChaosRun(ChaosSettings settings, List<FaultRule> faults, ChaosTarget target, Path workDir,
            Consumer<ChaosProgress> progress) {
        this.settings = settings;
        this.faults = List.copyOf(faults);
        this.target = target;
        this.workDir = workDir;
        this.progress = progress;
    }

    public ChaosResult run() throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        started = System.nanoTime();
        List<AccountLedger> before = target.ledgers();
        faultBaseline = target.faultsInjected();
        List<Device> devices = openDevices();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon().name("chaos-progress").factory());
        ticker.scheduleAtFixedRate(() -> progress.accept(snapshot()), 0, 500, TimeUnit.MILLISECONDS);
        try {
            List<String> offers = offers(devices.get(0));
            target.applyFaults(faults, settings.seed());
            try {
                runAcquisitions(devices, offers);
            } finally {
                target.clearFaults();
            }
            phase = "RECOVERING";
            long recovered = recover(devices);
            phase = "CHECKING";
            List<DeviceHoldings> holdings = devices.stream().map(d -> DeviceHoldings.of(d.store())).toList();
            var check = LedgerDelta.check(before, target.ledgers(), holdings);
            Map<String, Long> counted = new LinkedHashMap<>();
            outcomes.forEach((k, v) -> counted.put(k, v.sum()));
            return new ChaosResult(settings, target.baseUri().toString(), startedAt, elapsedMillis(), counted,
                    recovered, retries.sum(), lost.sum(), faultsSoFar(), percentiles(), check);
        } finally {
            ticker.shutdownNow();
            progress.accept(snapshot());
            devices.forEach(Device::close);
        }
    }

    private record Device(ClientStore store, ClientEngine engine, ServerConnection connection) {
        void close() {
            connection.close();
            store.close();
        }
    }

    private List<Device> openDevices() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < settings.devices(); i++) {
            EventBus events = new EventBus();
            events.subscribe(event -> {
                switch (event) {
                    case ProtocolEvent.RetryScheduled r -> retries.increment();
                    case ProtocolEvent.MessageLost m -> lost.increment();
                    default -> {
                        // only retries and losses are counted here
                    }
                }
            });
            ClientStore store = ClientStore.open(DatabaseConfig.h2(workDir.resolve("device-" + i), "device"), events,
                    Clock.systemUTC());
            ServerConnection connection = new ServerConnection(new HttpTransport(target.baseUri(),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), null), target.token());
            devices.add(new Device(store, new ClientEngine(store, connection, PATIENT, events, StepGate.OPEN,
                    Clock.systemUTC()), connection));
        }
        return devices;
    }

    private static List<String> offers(Device device) throws IOException {
        List<String> offers = device.connection().catalog("", 0, CATALOG_PAGE).items().stream()
                .map(CatalogItem::offerId).toList();
        if (offers.isEmpty()) {
            throw new IOException("the server's catalog is empty; there is nothing to acquire");
        }
        return offers;
    }

    private void runAcquisitions(List<Device> devices, List<String> offers) throws InterruptedException {
        Random choices = new Random(settings.seed());
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(),
                Thread.ofPlatform().name("chaos-", 0).factory());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < settings.acquisitions(); i++) {
                Device device = devices.get(i % devices.size());
                String offer = offers.get(choices.nextInt(offers.size()));
                running.add(pool.submit(() -> acquire(device, offer)));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("an acquisition failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Void acquire(Device device, String offer) throws InterruptedException {
        long begun = System.nanoTime();
        Outcome outcome = device.engine().acquire(offer, null);
        latency.recordValue(Math.max(1, (System.nanoTime() - begun) / 1_000));
        outcomes.computeIfAbsent(name(outcome), n -> new LongAdder()).increment();
        finished.incrementAndGet();
        return null;
    }

    /** Finishes what the run left pending, now without faults; returns how many it finished. */
    private long recover(List<Device> devices) throws InterruptedException {
        long recovered = 0;
        for (int round = 0; round < MAX_RECOVERY_ROUNDS; round++) {
            long left = 0;
            for (Device device : devices) {
                for (Outcome outcome : device.engine().recover()) {
                    if (outcome instanceof Outcome.Pending) {
                        left++;
                    } else {
                        recovered++;
                    }
                }
            }
            if (left == 0) {
                break;
            }
        }
        return recovered;
    }

    private static String name(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> "COMPLETED";
            case Outcome.Refused r -> "REFUSED";
            case Outcome.Failed f -> "FAILED";
            case Outcome.Conflict c -> "CONFLICT";
            case Outcome.Pending p -> "PENDING";
            case Outcome.Returned r -> "RETURNED";
            case Outcome.Cancelled c -> "CANCELLED";
        };
    }

    private ChaosProgress snapshot() {
        LongAdder completed = outcomes.get("COMPLETED");
        Map<String, Long> faults;
        try {
            faults = faultsSoFar();
        } catch (IOException unreachable) {
            faults = Map.of();
        }
        return new ChaosProgress(phase, finished.get(), settings.acquisitions(),
                completed == null ? 0 : completed.sum(), retries.sum(), faults, elapsedMillis());
    }

    private Map<String, Long> faultsSoFar() throws IOException {
        Map<String, Long> delta = new LinkedHashMap<>();
        target.faultsInjected().forEach((action, count) -> {
            long since = count - faultBaseline.getOrDefault(action, 0L);
            if (since > 0) {
                delta.put(action, since);
            }
        });
        return delta;
    }

    private Map<String, Double> percentiles() {
        var histogram = latency.getIntervalHistogram();
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("p50", histogram.getValueAtPercentile(50) / 1000.0);
        ms.put("p90", histogram.getValueAtPercentile(90) / 1000.0);
        ms.put("p99", histogram.getValueAtPercentile(99) / 1000.0);
        ms.put("p99.9", histogram.getValueAtPercentile(99.9) / 1000.0);
        ms.put("max", histogram.getMaxValue() / 1000.0);
        return ms;
    }

    private long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}

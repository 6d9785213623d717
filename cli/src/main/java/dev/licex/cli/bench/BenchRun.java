package dev.licex.cli.bench;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.HttpTransport;
import dev.licex.protocol.transport.WireRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * C clients against a server: the no-op baseline ({@code GET /healthz}) and complete acquisitions,
 * each warmed up without counting, then measured in alternating slices. The baseline always runs as fast
 * as answers come. Acquisitions do too unless a target rate is given; then they are due at that
 * rate on one schedule, the next free client takes the next one due, and latency is measured from
 * when it was due, so a stall is not hidden (no coordinated omission). A paced run measures the
 * baseline first and then the acquisitions in one stretch at their rate.
 *
 * <p>The clients are {@link WireDevice}s unless the engine devices are asked for: the load
 * generator shares the machine with the server, and what is measured is the server.
 */
public final class BenchRun {

    private final List<URI> servers;
    private final String token;
    private final int clients;
    private final WarmUp warmUp;
    private final Duration measure;
    private final Double targetRate;
    private final DeviceKind devices;
    private final int verifyEvery;

    /** Each step of a warm-up that lasts until the JIT compilers settle is judged on its own. */
    static final Duration SETTLE_STEP = Duration.ofSeconds(10);

    /**
     * How long each kind of work is warmed up: {@code least}; and when {@code untilSettled}, the
     * acquisitions longer, in steps of {@link #SETTLE_STEP}, until a step in which the JIT
     * compilers of the bench and of the servers settled ({@link CompilerWatch}), for {@code most}
     * in all at the longest. The no-ops' code is small and warms within the least time.
     */
    public record WarmUp(Duration least, Duration most, boolean untilSettled) {

        public WarmUp {
            if (least.isNegative() || most.compareTo(least) < 0) {
                throw new IllegalArgumentException("a warm-up needs 0 <= least <= most");
            }
        }

        public static WarmUp fixed(Duration length) {
            return new WarmUp(length, length, false);
        }

        public static WarmUp untilSettled(Duration least, Duration most) {
            return new WarmUp(least, most, true);
        }
    }

    /** How the acquisitions' warm-up went: its length, and whether the compilers settled (null: not watched). */
    private record WarmedUp(Duration length, Boolean settled) {
    }

    /** What each simulated client is. */
    public enum DeviceKind {
        /** {@link WireDevice}: the legs over the wire, T in memory. */
        WIRE,
        /** {@link EngineDevice}: licex's client engine with its store in memory. */
        ENGINE
    }

    /**
     * With several instances of one service (one database), client i talks to instance i mod n,
     * as a load balancer would spread connections; the baseline is spread the same way.
     *
     * @param verifyEvery a wire device verifies the signature of every n-th rights object it
     *                    receives; an engine device verifies all
     */
    public BenchRun(List<URI> servers, String token, int clients, WarmUp warmUp, Duration measure,
            Double targetRate, DeviceKind devices, int verifyEvery) {
        this.servers = List.copyOf(servers);
        this.token = token;
        this.clients = clients;
        this.warmUp = warmUp;
        this.measure = measure;
        this.targetRate = targetRate;
        this.devices = devices;
        this.verifyEvery = devices == DeviceKind.ENGINE ? 1 : verifyEvery;
    }

    private record Client(BenchDevice device, HttpTransport http) {
    }

    public BenchResult run() throws IOException, InterruptedException {
        Map<Leg, Recorder> legRecorders = LegTimer.recorders();
        LongAdder retries = new LongAdder();
        LongAdder verified = new LongAdder();
        EventBus events = new EventBus();
        events.subscribe(event -> {
            if (event instanceof ProtocolEvent.RetryScheduled) {
                retries.increment();
            }
        });
        List<Client> fleet = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        // One HTTP client with its connection pool for all simulated clients, as a load generator
        // would: a selector thread per client would only add context switches on a small machine.
        List<HttpTransport> instances = servers.stream()
                .map(server -> new HttpTransport(server, Duration.ofSeconds(5), Duration.ofSeconds(30), null)).toList();
        HttpTransport http = instances.get(0);
        try {
            Map<String, Jwk> keys = new HashMap<>();
            if (devices == DeviceKind.WIRE) {
                for (Jwk key : Objects.requireNonNullElse(new ServerConnection(http, token).keys().keys(),
                        List.<Jwk>of())) {
                    keys.put(key.kid(), key);
                }
            }
            for (int i = 0; i < clients; i++) {
                HttpTransport instance = instances.get(i % instances.size());
                ServerConnection connection = new ServerConnection(new LegTimer(instance, legRecorders), token);
                BenchDevice device;
                if (devices == DeviceKind.ENGINE) {
                    ClientStore store = ClientStore.open(DatabaseConfig.h2InMemory("bench-" + run + "-" + i),
                            new EventBus(), Clock.systemUTC());
                    device = new EngineDevice(store, new ClientEngine(store, connection, RetryPolicy.interactive(),
                            events, StepGate.OPEN, Clock.systemUTC()));
                } else {
                    device = new WireDevice(connection, keys, verifyEvery, RetryPolicy.interactive(), retries,
                            verified);
                }
                fleet.add(new Client(device, instance));
            }
            List<String> offers = new ServerConnection(http, token).catalog("", 0, 200).items()
                    .stream().filter(o -> o.stock() > 0).map(CatalogItem::offerId).toList();
            if (offers.isEmpty()) {
                throw new IOException("the server has no offer with stock left for this account");
            }

            Recorder noop = new Recorder(3);
            Work noopWork = (client, intended) -> {
                client.http().exchange(WireRequest.get("/healthz", null));
                noop.recordValue(micros(intended));
                return true;
            };

            Recorder acquisition = new Recorder(3);
            LongAdder refused = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            Work acquisitionWork = (client, intended) -> {
                String offer = offers.get(ThreadLocalRandom.current().nextInt(offers.size()));
                BenchDevice.Finished finished = client.device().acquire(offer);
                acquisition.recordValue(micros(intended));
                if (finished.ending() == BenchDevice.Ending.REFUSED) {
                    refused.increment();
                } else if (finished.ending() == BenchDevice.Ending.FAILED) {
                    failed.increment();
                    firstFailure.compareAndSet(null, finished.detail());
                }
                return finished.ending() == BenchDevice.Ending.COMPLETED;
            };

            phase(fleet, noopWork, null, warmUp.least(), false);
            noop.getIntervalHistogram();
            int slices = targetRate == null ? slices(measure) : 1;
            Phase baseline = Phase.NONE;
            Phase acquire = Phase.NONE;
            CompilerWatch compilers = new CompilerWatch(instances);
            WarmedUp warmedUp;
            if (targetRate == null) {
                warmedUp = warmUpAcquisitions(fleet, acquisitionWork, retries, acquisition, legRecorders, compilers);
                Duration slice = measure.dividedBy(slices);
                for (int i = 0; i < slices; i++) {
                    baseline = baseline.plus(phase(fleet, noopWork, null, slice, true));
                    acquire = acquire.plus(phase(fleet, acquisitionWork, null, slice, true));
                }
            } else {
                // Latency at a rate is measured at that rate throughout: slices of no-ops as fast as
                // they go in between would keep the server at its limit half of the time and charge
                // the acquisitions after each slice with the collections that its garbage causes.
                baseline = phase(fleet, noopWork, null, measure, true);
                warmedUp = warmUpAcquisitions(fleet, acquisitionWork, retries, acquisition, legRecorders, compilers);
                acquire = phase(fleet, acquisitionWork, targetRate, measure, true);
            }
            Histogram noopLatency = noop.getIntervalHistogram();

            Map<String, Latency> legs = new LinkedHashMap<>();
            legRecorders.forEach((leg, recorder) -> legs.put(leg.label(), Latency.of(recorder.getIntervalHistogram())));
            double acquisitionsPerSecond = acquire.perSecond();
            double noopPerSecond = baseline.perSecond();
            String target = servers.stream().map(URI::toString).collect(Collectors.joining(","));
            return new BenchResult(target, clients, devices.name().toLowerCase(Locale.ROOT), verifyEvery,
                    devices == DeviceKind.ENGINE ? null : verified.sum(), warmUp.least().toSeconds(),
                    warmedUp.length().toMillis() / 1000.0, warmedUp.settled(), (int) measure.toSeconds(), slices,
                    targetRate,
                    acquisitionsPerSecond, acquire.counted(),
                    refused.sum(), failed.sum(), firstFailure.get(), retries.sum(), noopPerSecond,
                    noopPerSecond == 0 ? 0 : acquisitionsPerSecond / (noopPerSecond / 3),
                    Latency.of(acquisition.getIntervalHistogram()), legs, Latency.of(noopLatency),
                    MemoryMonitor.running(MemoryMonitor.KDAMONDS).map(m -> m.sampling().toMillis()).orElse(null));
        } finally {
            fleet.forEach(client -> client.device().close());
            instances.forEach(HttpTransport::close);
        }
    }

    /**
     * Acquisitions at the run's pace, not counted; their latencies are dropped, their retries kept.
     * Watched, the warm-up ends with the first step past the least time in which the compilers
     * settled; the time before that step is run in one go.
     */
    private WarmedUp warmUpAcquisitions(List<Client> fleet, Work acquisitionWork, LongAdder retries,
            Recorder acquisition, Map<Leg, Recorder> legRecorders, CompilerWatch compilers)
            throws InterruptedException {
        retries.reset();
        WarmedUp warmedUp;
        if (!warmUp.untilSettled()) {
            phase(fleet, acquisitionWork, targetRate, warmUp.least(), false);
            warmedUp = new WarmedUp(warmUp.least(), null);
        } else {
            Duration done = Duration.ZERO;
            if (warmUp.least().compareTo(SETTLE_STEP) > 0) {
                done = warmUp.least().minus(SETTLE_STEP);
                phase(fleet, acquisitionWork, targetRate, done, false);
            }
            boolean settled = false;
            while (!settled && done.compareTo(warmUp.most()) < 0) {
                Duration step = min(SETTLE_STEP, warmUp.most().minus(done));
                Map<String, Double> before = compilers.sample();
                long stepStart = System.nanoTime();
                phase(fleet, acquisitionWork, targetRate, step, false);
                done = done.plus(step);
                Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
                settled = done.compareTo(warmUp.least()) >= 0 && CompilerWatch.settled(before, compilers.sample(), took);
            }
            warmedUp = new WarmedUp(done, settled);
        }
        acquisition.getIntervalHistogram();
        legRecorders.values().forEach(Recorder::getIntervalHistogram);
        return warmedUp;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Unless a rate is given, the measured time of each kind is cut into slices that alternate
     * (no-ops, acquisitions, no-ops, ...), so a machine that slows down or speeds up during the
     * run moves the baseline and the acquisitions alike and leaves their ratio alone: measured one
     * after the other, the same server gave ratios from 0.17 to 0.33 within an hour. Slices of at
     * least two seconds, at most ten of each kind.
     */
    public static int slices(Duration measure) {
        return (int) Math.max(1, Math.min(10, measure.toSeconds() / 2));
    }

    @FunctionalInterface
    private interface Work {
        /**
         * One operation meant to begin at {@code intendedStart} (nanos), its latency recorded; returns
         * whether it counts as done. The warm-up records too, so that it runs the very code that is
         * measured, and its latencies are dropped when it ends.
         */
        boolean run(Client client, long intendedStart) throws Exception;
    }

    private record Phase(long counted, long nanos) {
        static final Phase NONE = new Phase(0, 0);

        Phase plus(Phase other) {
            return new Phase(counted + other.counted, nanos + other.nanos);
        }

        double perSecond() {
            return nanos == 0 ? 0 : counted * 1e9 / nanos;
        }
    }

    private static long micros(long intendedStart) {
        return Math.max(1, (System.nanoTime() - intendedStart) / 1_000);
    }

    /**
     * Runs work on every client for {@code length}. When {@code measured}, every operation that
     * begins within it counts once it ends, even after the end: counting what ends within it
     * instead would drop the operations still in flight at the end of each slice.
     *
     * <p>With a rate, operations are due on one schedule for the whole fleet, a fixed interval
     * apart from the start of the call, and whichever client is free takes the next one due: many
     * devices arriving independently, as in an open workload. Giving each client a schedule of
     * its own instead let one slow answer back up that client's later operations while the others
     * idled, which measured the pinning more than the server. Each call starts a schedule of its
     * own, so a warm-up that fell behind (the JIT still compiling) leaves no backlog to be charged
     * to the measured latencies.
     *
     * @param rate operations per second in all, or null for as fast as answers come
     */
    private Phase phase(List<Client> fleet, Work work, Double rate, Duration length, boolean measured)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder counted = new LongAdder();
        CountDownLatch done = new CountDownLatch(fleet.size());
        List<Throwable> failures = new ArrayList<>();
        long interval = rate == null ? 0 : (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong nextDue = new AtomicLong(start);
        for (Client client : fleet) {
            Thread.ofPlatform().daemon().name("bench-client").start(() -> {
                try {
                    while (!stop.get()) {
                        long intended = interval > 0 ? nextDue.getAndAdd(interval) : System.nanoTime();
                        if (intended >= end) {
                            break;
                        }
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (work.run(client, intended) && measured) {
                            counted.increment();
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        long left = end - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        stop.set(true);
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a bench client failed: " + failures.get(0), failures.get(0));
        }
        return new Phase(counted.sum(), length.toNanos());
    }
}

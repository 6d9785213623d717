package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces an H2 file's writes to disk at a fixed delay on a thread of its own, so that every write
 * is on disk well within the store's retention time ({@link DatabaseConfig#withH2DiskSync}). A
 * store that was not written since the last sync is left alone, so an idle server does not wake
 * its disk.
 *
 * <p>Its thread is never interrupted: an interrupt that reaches a file operation of H2 closes the
 * file for every connection of the process, so {@link #stop} lets a sync in progress finish.
 */
final class H2DiskSync {

    private static final Logger LOG = LoggerFactory.getLogger(H2DiskSync.class);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final DataSource pool;
    private final StoreCounters counters;
    private final String location;
    private final Duration every;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("licex-disk-sync").daemon().factory());
    /** The file writes counted when the last sync began; only the sync's thread uses it. */
    private long writesAtLastSync;

    private H2DiskSync(DataSource pool, Duration every, StoreCounters counters, String location) {
        this.pool = pool;
        this.counters = counters;
        this.location = location;
        this.every = every;
    }

    static H2DiskSync start(DataSource pool, Duration every, StoreCounters counters, String location) {
        H2DiskSync sync = new H2DiskSync(pool, every, counters, location);
        sync.thread.scheduleWithFixedDelay(sync::sync, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return sync;
    }

    /** Never throws: an exception would cancel every later run of the schedule. */
    private void sync() {
        long writes = counters.fileWrites();
        if (writes == writesAtLastSync) {
            return;
        }
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            try {
                H2Store.of(connection).sync();
            } finally {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not force the writes of the store at {} to disk; trying again shortly: {}", location,
                    e.getMessage());
            return;
        }
        writesAtLastSync = writes;
        long took = System.nanoTime() - start;
        counters.syncedToDisk(took);
        warnIfSlow(took, every, location);
    }

    /**
     * Warns when forcing a store's writes to disk, done {@code every} so often, took so long that
     * less than the retention time may pass between a write and its sync.
     */
    static void warnIfSlow(long tookNanos, Duration every, String location) {
        long slowNanos = every.multipliedBy(DatabaseConfig.RETENTION_IN_SYNC_INTERVALS - 1).dividedBy(2).toNanos();
        if (tookNanos > slowNanos) {
            LOG.warn("forcing the writes of the store at {} to disk took {} ms, so H2 may reuse space before the"
                    + " writes that replaced it are on disk, and a power cut could damage the store: give it a"
                    + " faster disk, or less load", location, TimeUnit.NANOSECONDS.toMillis(tookNanos));
        }
    }

    /** Stops the schedule once a sync in progress has finished, before the store closes. */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("forcing the writes of the store at {} to disk still had not finished after {}; closing"
                        + " the store anyway", location, STOP_PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

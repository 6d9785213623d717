package dev.licex.protocol.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a store's units of work cost, counted over every pool a server opens in its life: a
 * simulated restart replaces the {@link Database} but not these, so counters exported from them
 * never go back.
 */
public final class StoreCounters {

    private final LongAdder retries = new LongAdder();
    private final LongAdder durableCommits = new LongAdder();
    private final LongAdder durableWaitNanos = new LongAdder();
    private final LongAdder fileWrites = new LongAdder();
    private final LongAdder fileWriteNanos = new LongAdder();
    private final LongAdder diskSyncs = new LongAdder();
    private final LongAdder diskSyncNanos = new LongAdder();

    /** Units of work retried after a serialization failure or deadlock. */
    public long retries() {
        return retries.sum();
    }

    /** Commits that changed an H2 file store and returned once it was written; none on other stores. */
    public long durableCommits() {
        return durableCommits.sum();
    }

    /**
     * Seconds those commits waited, from handing their changes to the file's writer until the file
     * held them: for the writer's write in flight, then for the write that took them. A store with
     * the commit journal hands them over just before committing in memory, one without it just
     * after. Divided by the commits, the mean cost of durability per commit; under load most of a
     * slow request's time.
     */
    public double durableWaitSeconds() {
        return durableWaitNanos.sum() / 1e9;
    }

    /**
     * Writes of an H2 file that licex made for those commits: one write serves every commit that
     * waits for it, so commits per write says how well commits are grouped.
     */
    public long fileWrites() {
        return fileWrites.sum();
    }

    /**
     * Seconds spent in those writes. Writes take turns, so this per second of wall time is the
     * share of time the file was being written: near one, commits queue for it.
     */
    public double fileWriteSeconds() {
        return fileWriteNanos.sum() / 1e9;
    }

    /** Times an H2 file's writes were forced to disk on schedule ({@link DatabaseConfig#withH2DiskSync}). */
    public long diskSyncs() {
        return diskSyncs.sum();
    }

    /** Seconds spent forcing them. */
    public double diskSyncSeconds() {
        return diskSyncNanos.sum() / 1e9;
    }

    void retried() {
        retries.increment();
    }

    void committedDurably(long waitedNanos) {
        durableCommits.increment();
        durableWaitNanos.add(waitedNanos);
    }

    void wroteFile(long nanos) {
        fileWrites.increment();
        fileWriteNanos.add(nanos);
    }

    void syncedToDisk(long nanos) {
        diskSyncs.increment();
        diskSyncNanos.add(nanos);
    }
}

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
    private final LongAdder fileWrites = new LongAdder();
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
     * Writes of an H2 file that licex made for those commits: one write serves every commit that
     * waits for it, so commits per write says how well commits are grouped.
     */
    public long fileWrites() {
        return fileWrites.sum();
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

    void committedDurably() {
        durableCommits.increment();
    }

    void wroteFile() {
        fileWrites.increment();
    }

    void syncedToDisk(long nanos) {
        diskSyncs.increment();
        diskSyncNanos.add(nanos);
    }
}

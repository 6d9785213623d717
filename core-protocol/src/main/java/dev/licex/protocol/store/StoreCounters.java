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

    void retried() {
        retries.increment();
    }

    void committedDurably() {
        durableCommits.increment();
    }

    void wroteFile() {
        fileWrites.increment();
    }
}

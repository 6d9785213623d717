package dev.licex.protocol.store;

/**
 * The chunks of an H2 file, as an operator watches them: every commit's write adds one, compaction
 * frees the sparse ones once H2's retention time has passed.
 *
 * @param count            chunks in the file: live ones and those waiting out the retention time
 * @param liveFillPercent  how full, by bytes, the chunks are that compaction could rewrite;
 *                         compaction runs while this is below {@link #COMPACT_BELOW_FILL_PERCENT}
 */
public record H2Chunks(long count, int liveFillPercent) {

    /**
     * Compaction runs while the chunks it could rewrite are, together, less full than this: where
     * H2's background writer starts under load (its auto-compact fill rate of 90, squared, against
     * 50 + half that rate).
     */
    public static final int COMPACT_BELOW_FILL_PERCENT = 62;
}

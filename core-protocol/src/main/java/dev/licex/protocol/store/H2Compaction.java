package dev.licex.protocol.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Moves live pages out of nearly empty chunks of an H2 file, so that those chunks can be freed,
 * when the live chunks have become sparse.
 *
 * <p>H2 writes each commit as a new chunk. A page that is never changed again (the last version of
 * a B-tree leaf whose transactions all finished) keeps its chunk alive forever, so without this
 * the number of live chunks grows with the data: about 96 000 chunks at 6 % fill after 14
 * minutes under load, each write paying to keep account of all of them, and the acquisition rate
 * 25-35 % below that of a fresh store. H2 compacts in its background writer, which licex does not
 * start ({@link H2GroupCommit}), so the server calls this on a schedule. The rewritten pages go out
 * with the next commit's write; their old chunks stay readable until H2's retention time has
 * passed, as for any page H2 rewrites.
 *
 * <p>It compacts only while the chunks it could rewrite are, together, less than
 * {@value H2Chunks#COMPACT_BELOW_FILL_PERCENT} % live, as H2's background writer does. H2's public
 * {@code compact} asks instead whether all chunks together are below its target, counting those
 * that wait out the retention time as empty; under steady writes that is always so, and a large
 * store then spent its whole budget every step rewriting chunks that were mostly live
 * (docs/performance.md, "As the store grows"). H2 2.4.240 reports the rate its writer uses
 * only among all its other figures ({@code populateInfo}, which walks the chunks several times);
 * compaction, ten times a second, reads it alone by reflection, and an H2 without it fails here at
 * once, not quietly.
 */
final class H2Compaction {

    /** Handed to H2's {@code compact}, which then rewrites whatever the budget allows. */
    private static final int TARGET_FILL_RATE = 90;

    private static final MethodHandle REWRITABLE_CHUNKS_FILL_RATE = rewritableChunksFillRate();

    private H2Compaction() {
    }

    /**
     * Rewrites up to {@code bytes} of live pages from the emptiest chunks if the rewritable chunks
     * are sparse enough; returns whether it rewrote any.
     */
    static boolean run(Connection connection, int bytes) throws SQLException {
        MVStore store = H2Store.of(connection);
        if (store.getFileStore() == null || liveChunksFillRate(store) >= H2Chunks.COMPACT_BELOW_FILL_PERCENT) {
            return false;
        }
        return store.compact(TARGET_FILL_RATE, bytes);
    }

    /** The file's chunks, from what H2 reports about its store (its public {@code populateInfo}). */
    static H2Chunks chunks(Connection connection) throws SQLException {
        Map<String, String> info = new HashMap<>();
        H2Store.of(connection).populateInfo(info::put);
        return new H2Chunks(Long.parseLong(info.get("info.CHUNK_COUNT")),
                Integer.parseInt(info.get("info.CHUNKS_FILL_RATE_RW")));
    }

    /**
     * How full, in percent, the chunks are that compaction could rewrite (those older than the
     * retention time and partly live), counted by their bytes.
     */
    private static int liveChunksFillRate(MVStore store) {
        try {
            return (int) REWRITABLE_CHUNKS_FILL_RATE.invokeExact(store.getFileStore());
        } catch (Throwable e) {
            throw new IllegalStateException("could not read H2's chunk fill rate: " + e, e);
        }
    }

    private static MethodHandle rewritableChunksFillRate() {
        try {
            Method method = FileStore.class.getDeclaredMethod("getRewritableChunksFillRate");
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method)
                    .asType(MethodType.methodType(int.class, FileStore.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this H2 has no FileStore.getRewritableChunksFillRate(), which licex's"
                    + " compaction reads (H2 2.4.240 has it); check H2Compaction against the new H2: " + e, e);
        }
    }
}

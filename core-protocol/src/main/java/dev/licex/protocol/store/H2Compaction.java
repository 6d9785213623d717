package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Moves live pages out of nearly empty chunks of an H2 file, so that those chunks can be freed.
 *
 * <p>H2 writes each commit as a new chunk. A page that is never changed again (the last version of
 * a B-tree leaf whose transactions all finished) keeps its chunk alive forever, so without this
 * the number of live chunks grows with the data: about 96 000 chunks at 6 % fill after 14
 * minutes under load, each write paying to keep account of all of them, and the acquisition rate
 * 25-35 % below that of a fresh store. H2 compacts in its background writer, which licex does not
 * start ({@link H2GroupCommit}), so the server calls this on a schedule. The rewritten pages go out
 * with the next commit's write; their old chunks stay readable until H2's retention time has
 * passed, as for any page H2 rewrites.
 */
final class H2Compaction {

    /**
     * H2's default for its own compaction. H2 compares it with the fill rate of all chunks, counting
     * the dead ones that wait out its retention time as empty, so under steady writes the rate stays
     * below it and every call moves its whole budget (docs/performance.md, "As the store grows").
     */
    private static final int TARGET_FILL_RATE = 90;

    private H2Compaction() {
    }

    /** Rewrites up to {@code bytes} of live pages from the emptiest chunks; returns whether it rewrote any. */
    static boolean run(Connection connection, int bytes) throws SQLException {
        MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                .getMvStore();
        return store.compact(TARGET_FILL_RATE, bytes);
    }
}

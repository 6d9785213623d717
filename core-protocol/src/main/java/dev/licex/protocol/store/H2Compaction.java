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

    /** Rewrite while the chunks' fill rate is below this (H2's default for its own compaction). */
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

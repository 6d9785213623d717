package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Writes committed H2 transactions to the file before their commits are acknowledged, one write
 * for all the commits that wait at the same time (a group commit).
 *
 * <p>With {@code WRITE_DELAY=0} alone, H2 2.4 writes the store once per commit: about two writes
 * per acquisition (three commits), each serialising every page changed since the write before.
 * H2 2.5 groups those writes but loses acknowledged commits after {@code kill -9}
 * (docs/durability.md), so licex groups them the way 2.5 does, from outside. The store's
 * auto-commit delay is set to -1: H2 then no longer writes at the end of every transaction and
 * runs no background writer. A committed caller notes the store's version and takes H2's store
 * lock (which also waits for any write still in flight). If the version moved meanwhile, a write
 * began after the caller's commit and has finished, so the commit is in the file; otherwise the
 * caller writes, for itself and for everyone who committed before its write began. A transaction
 * that changed nothing has nothing to wait for: it neither writes nor waits for a write.
 *
 * <p>The store is looked up from the committing connection each time: H2 closes a database
 * whose last connection closed and opens a new store for the next one, which starts with the
 * URL's {@code WRITE_DELAY=0} (durable on its own) until this class adopts it.
 */
final class H2GroupCommit implements CommitDurability {

    private static final int NO_AUTOMATIC_WRITES = -1;

    @Override
    public void commit(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        boolean changed = session.containsUncommitted();
        connection.commit();
        if (changed) {
            awaitWritten(session.getDatabase().getStore().getMvStore());
        }
    }

    private static void awaitWritten(MVStore store) throws SQLException {
        long seen = store.getCurrentVersion();
        if (store.getAutoCommitDelay() != NO_AUTOMATIC_WRITES) {
            store.setAutoCommitDelay(NO_AUTOMATIC_WRITES);
        }
        store.executeFilestoreOperation(() -> {
            if (store.getCurrentVersion() == seen) {
                store.commit();
            }
        });
        if (store.isClosed()) {
            throw new SQLException("the store closed before a commit reached its file");
        }
    }
}

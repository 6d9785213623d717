package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

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
 * lock (which also waits for any write still in flight). If the last chunk written to the file has
 * a newer version, its write began after the caller's commit, so the commit is in the file;
 * otherwise the caller writes, for itself and for everyone who committed before its write began.
 * A transaction that changed nothing has nothing to wait for: it neither writes nor waits.
 *
 * <p>Only commits made here wait for their write. A statement that H2 commits by itself (DDL,
 * {@code TRUNCATE}, most {@code SET} commands) or a commit through another connection than
 * {@link Database#transaction}'s is not written until the next write: schema changes belong in
 * migrations, which run before the store is adopted.
 *
 * <p>The store is looked up from the committing connection each time: H2 closes a database
 * whose last connection closed and opens a new store for the next one, which starts with the
 * URL's {@code WRITE_DELAY=0} (durable on its own) until this class adopts it.
 */
final class H2GroupCommit implements CommitDurability {

    private static final int NO_AUTOMATIC_WRITES = -1;

    private final StoreCounters counters;

    H2GroupCommit(StoreCounters counters) {
        this.counters = counters;
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        boolean changed = session.containsUncommitted();
        connection.commit();
        if (changed) {
            long committed = System.nanoTime();
            awaitWritten(session.getDatabase().getStore().getMvStore());
            counters.committedDurably(System.nanoTime() - committed);
        }
    }

    private void awaitWritten(MVStore store) throws SQLException {
        long seen = store.getCurrentVersion();
        try {
            if (store.getAutoCommitDelay() != NO_AUTOMATIC_WRITES) {
                store.setAutoCommitDelay(NO_AUTOMATIC_WRITES);
            }
            store.executeFilestoreOperation(() -> {
                if (!writtenSince(store, seen)) {
                    long writing = System.nanoTime();
                    store.commit();
                    counters.wroteFile(System.nanoTime() - writing);
                }
            });
        } catch (MVStoreException e) {
            // closed since the commit: a normal close writes what is committed, an abrupt one may not
            if (!(store.isClosed() && writtenSince(store, seen))) {
                throw new SQLException("a commit could not be written to the store's file: " + e.getMessage(), e);
            }
        }
    }

    /** A chunk is the last one only once it was written; its version rose when its write began. */
    private static boolean writtenSince(MVStore store, long version) {
        return store.getFileStore().lastChunkVersion() > version;
    }
}

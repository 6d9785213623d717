package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Writes committed H2 transactions to the file before their commits are acknowledged, one write
 * for all the commits that wait at the same time (a group commit), on a writer thread of its own.
 *
 * <p>With {@code WRITE_DELAY=0} alone, H2 2.4 writes the store once per commit: about two writes
 * per acquisition (three commits), each serialising every page changed since the write before.
 * H2 2.5 groups those writes but loses acknowledged commits after {@code kill -9}
 * (docs/durability.md), so licex groups them the way 2.5 does, from outside. The store's
 * auto-commit delay is set to -1: H2 then no longer writes at the end of every transaction and
 * runs no background writer. A committed caller joins the next write and waits for it; the writer
 * takes every commit that joined so far and writes the store under H2's store lock, which also
 * waits for any write still in flight. Whatever was committed in memory when that write began
 * is in the file when it ends: either the write took it, or an earlier write already had.
 * A transaction that changed nothing has nothing to wait for: it neither writes nor waits.
 *
 * <p>The writer is a platform thread, not one of the server's virtual request threads. Under
 * load the virtual threads queue for two carriers, and when the write was done by whichever
 * committer took the lock first, every write, and every commit waiting behind it, waited for that
 * committer's turn on a carrier: the tail of a leg's latency was its wait for the write
 * (docs/performance.md). Waiters are woken together when their write ends, not one after another.
 *
 * <p>Only commits made here wait for their write. A statement that H2 commits by itself (DDL,
 * {@code TRUNCATE}, most {@code SET} commands) or a commit through another connection than
 * {@link Database#transaction}'s is not written until the next write: schema changes belong in
 * migrations, which run before the store is adopted.
 *
 * <p>The store is looked up from the committing connection each time: H2 closes a database
 * whose last connection closed and opens a new store for the next one, which starts with the
 * URL's {@code WRITE_DELAY=0} (durable on its own) until this class adopts it.
 *
 * <p>The writer is never interrupted: an interrupt that reaches a file operation of H2 closes the
 * file for every connection of the process. {@link #close} lets it finish the writes joined so far.
 */
final class H2GroupCommit implements CommitDurability {

    private static final int NO_AUTOMATIC_WRITES = -1;
    /** What {@link MVStore#commit} returns when there was nothing to write. */
    private static final long NOTHING_WRITTEN = -1;

    private final StoreCounters counters;
    private final String location;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition joined = lock.newCondition();
    /** The writes that commits have joined and the writer has not taken yet, one per store; guarded by lock. */
    private Map<MVStore, CompletableFuture<Void>> next = new IdentityHashMap<>();
    private Thread writer;
    private boolean closed;

    H2GroupCommit(StoreCounters counters, String location) {
        this.counters = counters;
        this.location = location;
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        boolean changed = session.containsUncommitted();
        MVStore store = session.getDatabase().getStore().getMvStore();
        if (changed && store.getAutoCommitDelay() != NO_AUTOMATIC_WRITES) {
            store.setAutoCommitDelay(NO_AUTOMATIC_WRITES);
        }
        connection.commit();
        if (changed) {
            long committed = System.nanoTime();
            awaitWritten(store);
            counters.committedDurably(System.nanoTime() - committed);
        }
    }

    private void awaitWritten(MVStore store) throws SQLException {
        long seen = store.getCurrentVersion();
        try {
            join(store).join();
        } catch (CompletionException e) {
            // closed since the commit: a normal close writes what is committed, an abrupt one may not
            if (!(store.isClosed() && writtenSince(store, seen))) {
                throw new SQLException("a commit could not be written to the store's file: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private CompletableFuture<Void> join(MVStore store) throws SQLException {
        lock.lock();
        try {
            if (closed) {
                throw new SQLException("the store is closing: its writer takes no more commits");
            }
            if (writer == null) {
                writer = Thread.ofPlatform().name("licex-store-writer " + location).daemon()
                        .start(this::writeUntilClosed);
            }
            joined.signal();
            return next.computeIfAbsent(store, s -> new CompletableFuture<>());
        } finally {
            lock.unlock();
        }
    }

    private void writeUntilClosed() {
        Map<MVStore, CompletableFuture<Void>> writes;
        while ((writes = awaitJoined()) != null) {
            writes.forEach(this::write);
        }
    }

    /** The writes joined so far, once there are any; null once closed with none left. */
    private Map<MVStore, CompletableFuture<Void>> awaitJoined() {
        lock.lock();
        try {
            while (next.isEmpty()) {
                if (closed) {
                    return null;
                }
                joined.awaitUninterruptibly();
            }
            Map<MVStore, CompletableFuture<Void>> taken = next;
            next = new IdentityHashMap<>();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Never throws: the writer must outlive a failed write, and its waiters must hear of it. */
    private void write(MVStore store, CompletableFuture<Void> waiters) {
        try {
            store.executeFilestoreOperation(() -> {
                long writing = System.nanoTime();
                if (store.commit() != NOTHING_WRITTEN) {
                    counters.wroteFile(System.nanoTime() - writing);
                }
            });
            waiters.complete(null);
        } catch (RuntimeException | Error e) {
            waiters.completeExceptionally(e);
        }
    }

    /** Stops the writer once it has written every commit that joined so far; it never interrupts a write. */
    @Override
    public void close() {
        Thread stopping;
        lock.lock();
        try {
            closed = true;
            joined.signal();
            stopping = writer;
        } finally {
            lock.unlock();
        }
        if (stopping != null) {
            try {
                stopping.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A chunk is the last one only once it was written; its version rose when its write began. */
    private static boolean writtenSince(MVStore store, long version) {
        return store.getFileStore().lastChunkVersion() > version;
    }
}

package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Group commit for an H2 file store: a committed transaction's caller waits until its changes
 * are written to the file, and one write serves every transaction that committed while the
 * previous write ran. H2's own {@code WRITE_DELAY=0} writes once per commit instead, and that
 * write (the changed pages of every table and index, up to each root) was 40 % of the server's
 * CPU under load (docs/performance.md).
 *
 * <p>A write covers every change made in memory before it starts, so a caller counted before a
 * write began is durable when it ends. Writes run on a thread of their own: H2 gives up waiting
 * for its write when the waiting thread is interrupted, and no one interrupts this one.
 *
 * <p>Reaching the {@link MVStore} goes through H2's engine classes, which are not a public API:
 * the H2 version is pinned in the build, and {@code ProcessKillTest} fails if this stops making
 * commits durable against {@code kill -9}.
 */
final class H2GroupCommit implements AutoCloseable {

    private final MVStore store;
    private final String location;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requested = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final Thread writer;
    private long lastRequest;
    private long lastWritten;
    private long lastFailed;
    private RuntimeException failure;
    private boolean closed;

    private H2GroupCommit(MVStore store, String location) {
        this.store = store;
        this.location = location;
        this.writer = Thread.ofPlatform().daemon().name("licex-h2-writer").start(this::writeWhenAsked);
    }

    /** For the H2 file store this connection belongs to. */
    static H2GroupCommit of(Connection connection, String location) throws SQLException {
        return new H2GroupCommit(session(connection).getDatabase().getStore().getMvStore(), location);
    }

    /** Whether the transaction open on this connection changed anything that a commit must write. */
    static boolean hasChanges(Connection connection) throws SQLException {
        return session(connection).hasPendingTransaction();
    }

    private static SessionLocal session(Connection connection) throws SQLException {
        return (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    }

    /** Returns once everything committed before this call is in the file. */
    void awaitWritten() {
        lock.lock();
        try {
            long mine = ++lastRequest;
            requested.signal();
            while (lastWritten < mine) {
                if (lastFailed >= mine) {
                    throw new StoreException("Could not write to the store at " + location + ": "
                            + failure.getMessage(), failure);
                }
                if (closed) {
                    throw new StoreException("The store at " + location + " closed before a commit reached its file", null);
                }
                written.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeWhenAsked() {
        lock.lock();
        try {
            while (!closed) {
                if (lastRequest == Math.max(lastWritten, lastFailed)) {
                    requested.awaitUninterruptibly();
                    continue;
                }
                long upTo = lastRequest;
                lock.unlock();
                RuntimeException error = null;
                try {
                    store.commit();
                } catch (RuntimeException e) {
                    error = e;
                } finally {
                    lock.lock();
                }
                if (error == null) {
                    lastWritten = upTo;
                } else {
                    failure = error;
                    lastFailed = upTo;
                }
                written.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the writer; H2 writes what is left when the store itself closes. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            requested.signal();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

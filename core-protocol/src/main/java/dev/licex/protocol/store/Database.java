package dev.licex.protocol.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled, migrated database: the one way licex code reaches SQL.
 *
 * <p>{@link #transaction} runs a unit of work in one database transaction and retries it when
 * the database reports a serialization failure or deadlock, so callers write each unit as if it
 * ran alone. Work must therefore be free of side effects outside the database.
 *
 * <p>The same code runs on H2 and on PostgreSQL. On PostgreSQL, several server processes share
 * one database: every guarantee across them comes from the database (primary keys, row locks
 * taken with {@code SELECT ... FOR UPDATE}, {@code INSERT ... ON CONFLICT DO NOTHING}), never
 * from memory.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");
    private static final String LOGIN_HINT = " (check --db-user, and the password in LICEX_DB_PASSWORD or "
            + "--db-password-file)";
    private static final String UNREACHABLE_HINT = " (is the database server running, and reachable from here?)";
    private static final int MAX_ATTEMPTS = 20;

    private final HikariDataSource pool;
    private final DatabaseConfig config;
    private final StoreCounters counters;
    private final ReentrantLock setupTurn = new ReentrantLock();
    private final CommitDurability durability;
    /** On an H2 file whose every table is journaled, its journal; else null. */
    private final CommitJournal journal;
    /**
     * On an H2 file without a journal opened with {@link DatabaseConfig#withH2DiskSync}, what forces
     * its writes to disk; else null (a journal's checkpoints do that themselves).
     */
    private final H2DiskSync diskSync;
    private final AtomicBoolean poolClosed = new AtomicBoolean();

    private Database(HikariDataSource pool, DatabaseConfig config, StoreCounters counters) {
        this.pool = pool;
        this.config = config;
        this.counters = counters;
        this.journal = config.isH2File() && journaled(pool, config)
                ? CommitJournal.attach(config.h2File(), counters, checkpointInterval(config),
                        config.diskSyncEvery() != null)
                : null;
        if (journal != null) {
            this.durability = new JournaledCommit(journal, new H2GroupCommit(counters, config.location()), counters);
        } else {
            this.durability = config.isH2File() ? new H2GroupCommit(counters, config.location())
                    : CommitDurability.BY_THE_DATABASE;
        }
        this.diskSync = journal == null && config.isH2File() && config.diskSyncEvery() != null
                ? H2DiskSync.start(pool, config.diskSyncEvery(), counters, config.location())
                : null;
    }

    /** Whether the store's every table is journaled; a store whose tables cannot be read is closed. */
    private static boolean journaled(HikariDataSource pool, DatabaseConfig config) {
        try {
            return JournaledTables.everyTableOf(pool, config.location());
        } catch (StoreException e) {
            pool.close();
            throw e;
        }
    }

    /** How often a journaled store's H2 file is written: its disk sync interval, or once a second. */
    private static Duration checkpointInterval(DatabaseConfig config) {
        return config.diskSyncEvery() != null ? config.diskSyncEvery() : Duration.ofSeconds(1);
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseConfig config, Migrations migrations) {
        return open(config, migrations, true);
    }

    /**
     * Opens the pool; with {@code migrate} false, trusts that this process already migrated the
     * schema (a simulated restart reopens a database it migrated moments ago).
     */
    public static Database open(DatabaseConfig config, Migrations migrations, boolean migrate) {
        return open(config, migrations, migrate, new StoreCounters());
    }

    /** As {@link #open(DatabaseConfig, Migrations, boolean)}, counting into {@code counters}. */
    public static Database open(DatabaseConfig config, Migrations migrations, boolean migrate,
            StoreCounters counters) {
        HikariDataSource pool = connect(config);
        if (config.isH2File()) {
            try {
                CommitJournal.replayLeftOver(config.h2File(), pool, config.location());
            } catch (StoreException e) {
                pool.close();
                throw e;
            }
        }
        if (!migrate) {
            return new Database(pool, config, counters);
        }
        try {
            if (!SchemaHistory.endsAt(pool, migrations.newest())) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:" + migrations.location())
                        .loggers("slf4j")
                        .load()
                        .migrate();
            }
        } catch (FlywayException | StoreException e) {
            pool.close();
            throw new StoreException("Could not bring the store at " + config.location()
                    + " up to date: " + e.getMessage(), e);
        }
        return new Database(pool, config, counters);
    }

    private static HikariDataSource connect(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        // Every unit of work is a transaction ending in commit or rollback, so connections stay in
        // manual-commit mode and the pool does not toggle auto-commit on every borrow.
        hikari.setAutoCommit(false);
        hikari.setPoolName("licex-" + Integer.toHexString(config.location().hashCode()));
        if (!config.isH2()) {
            // names the connections in pg_stat_activity, so an operator sees which are licex's
            hikari.addDataSourceProperty("ApplicationName", "licex-server");
        }
        hikari.setInitializationFailTimeout(1);
        hikari.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            if (isInUse(e)) {
                throw new StoreInUseException(config.location(), e);
            }
            throw openFailure(config, e);
        }
    }

    /** Tells a database that cannot be reached from one that refused this login, in one line. */
    private static StoreException openFailure(DatabaseConfig config, Throwable e) {
        String prefix = "Could not open the store at " + config.location() + ": ";
        String message = prefix + rootMessage(e).strip();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException unknown) {
                return new StoreUnreachableException(prefix + "unknown host " + unknown.getMessage(), e);
            }
            if (t instanceof ConnectException) {
                return new StoreUnreachableException(message + UNREACHABLE_HINT, e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("3D000")) {
                    return new StoreException(message + " (create it first: CREATE DATABASE ... OWNER ...)", e);
                }
                // 28: the login was refused; 08004: refused before that, e.g. no password was given
                if (state.startsWith("28") || state.equals("08004")) {
                    return new StoreException(message + LOGIN_HINT, e);
                }
                if (state.startsWith("08")) {
                    return new StoreUnreachableException(message + UNREACHABLE_HINT, e);
                }
            }
        }
        return new StoreException(message, e);
    }

    private static boolean isInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseConfig config() {
        return config;
    }

    public boolean isPostgres() {
        return !config.isH2();
    }

    /**
     * On an H2 file whose chunks have become sparse, moves up to {@code bytes} of live pages out
     * of nearly empty chunks so that they can be freed (H2's own compaction, which its background
     * writer would do); elsewhere nothing. Returns whether it moved any. Call it on a schedule: a
     * store that is never compacted keeps more chunks alive the more data it holds, and every
     * write pays for them.
     */
    public boolean compact(int bytes) {
        if (!config.isH2File()) {
            return false;
        }
        try (BorrowedConnection borrowed = BorrowedConnection.from(pool)) {
            Connection connection = borrowed.connection();
            try {
                return H2Compaction.run(connection, bytes);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not compact the store at " + config.location() + ": " + e.getMessage(), e);
        }
    }

    /** On an H2 file, its chunks now; elsewhere empty. */
    public Optional<H2Chunks> h2Chunks() {
        if (!config.isH2File()) {
            return Optional.empty();
        }
        try (BorrowedConnection borrowed = BorrowedConnection.from(pool)) {
            Connection connection = borrowed.connection();
            try {
                return Optional.of(H2Compaction.chunks(connection));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the chunks of the store at " + config.location() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What this store's units of work cost: retries, and on an H2 file its commits and writes. */
    public StoreCounters counters() {
        return counters;
    }

    /** Connections in use now, and requests waiting for one: the pool's pressure, for /metrics. */
    public int activeConnections() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
    }

    public int waitingForConnection() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getThreadsAwaitingConnection();
    }

    public int poolSize() {
        return config.poolSize();
    }

    /**
     * Runs {@code work} while holding the store's setup lock, a row lock that every process on
     * this database respects: instances starting together create the first signing key or the
     * demo catalog one after the other, and the later ones find it done. The work runs in
     * transactions of its own (the pool needs a second connection for them), and must not call
     * this method again.
     *
     * <p>Within this process callers first queue on a plain lock, so that at most one pooled
     * connection waits on the row lock: otherwise many callers could hold every connection while
     * waiting, leaving none for the work of the one holding the row lock. The row lock is what
     * excludes other processes.
     */
    public <T> T exclusively(Supplier<T> work) {
        setupTurn.lock();
        try (BorrowedConnection borrowed = BorrowedConnection.from(pool)) {
            Connection lock = borrowed.connection();
            try {
                try (PreparedStatement ps = lock.prepareStatement(
                        "SELECT name FROM setup_lock WHERE name = 'setup' FOR UPDATE");
                        ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the setup lock row is missing");
                    }
                }
                return work.get();
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not take the setup lock of the store at " + config.location() + ": "
                    + e.getMessage(), e);
        } finally {
            setupTurn.unlock();
        }
    }

    public <T> T transaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (BorrowedConnection borrowed = BorrowedConnection.from(pool)) {
                Connection connection = borrowed.connection();
                durability.begin();
                try {
                    T result = work.run(connection);
                    durability.commit(connection);
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    durability.end();
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState())) {
                    LOG.debug("retrying after {} (attempt {})", e.getSQLState(), attempt);
                    counters.retried();
                    backOff(attempt, e);
                    continue;
                }
                throw new StoreException("Database error in the store at " + config.location() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * A short random pause, growing with the attempts, so the transactions that collided do not
     * collide again. It blocks the caller on purpose: {@link #transaction} is synchronous, its
     * connection is back in the pool by now, and request threads are virtual, so a pause costs
     * nothing but time. An interrupted caller gets no further attempts.
     */
    private void backOff(int attempt, SQLException collision) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(50, 5L * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException stopped = new StoreException("Interrupted while retrying a transaction in the store at "
                    + config.location() + " after " + collision.getMessage(), collision);
            stopped.addSuppressed(e);
            throw stopped;
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Closes the pool once the work on it has finished, or after {@code patience} whatever is left:
     * for a store replaced while requests still use it (a simulated crash). Closed at once, Hikari
     * leaves a caller already waiting for a connection waiting the whole connection timeout (30 s),
     * which held the server's graceful stop and those requests' clients; interrupting such callers
     * instead is not safe, since an interrupt that reaches H2 in the middle of a write closes its
     * file for every connection of the process. Looks every few milliseconds on {@code checks}; the
     * future completes when the pool is closed, at once if {@code checks} is shut down meanwhile.
     */
    public CompletableFuture<Void> closeWhenDrained(Duration patience, ScheduledExecutorService checks) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        closeWhenDrained(System.nanoTime() + patience.toNanos(), checks, closed);
        return closed;
    }

    private void closeWhenDrained(long deadline, ScheduledExecutorService checks, CompletableFuture<Void> closed) {
        if ((activeConnections() > 0 || waitingForConnection() > 0) && System.nanoTime() < deadline) {
            try {
                checks.schedule(() -> closeWhenDrained(deadline, checks, closed), 2, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException shutDown) {
                // the owner is closing: close now, below
            }
        }
        closePool();
        closed.complete(null);
    }

    @Override
    public void close() {
        closePool();
    }

    /** Runs once: a second detach would close the journal under a newer Database of the same store. */
    private void closePool() {
        if (!poolClosed.compareAndSet(false, true)) {
            return;
        }
        if (diskSync != null) {
            diskSync.stop();
        }
        if (journal != null) {
            journal.detach();
        }
        pool.close();
        durability.close();
    }
}

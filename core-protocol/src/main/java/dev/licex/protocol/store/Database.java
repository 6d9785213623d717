package dev.licex.protocol.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
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
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");
    private static final int MAX_ATTEMPTS = 20;

    private final HikariDataSource pool;
    private final DatabaseConfig config;

    private Database(HikariDataSource pool, DatabaseConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Opens the pool and brings the schema up to date.
     *
     * @param migrations the classpath folder of this store's Flyway migrations
     */
    public static Database open(DatabaseConfig config, String migrations) {
        return open(config, migrations, true);
    }

    /**
     * Opens the pool; with {@code migrate} false, trusts that this process already migrated the
     * schema (a simulated restart reopens a database it migrated moments ago).
     */
    public static Database open(DatabaseConfig config, String migrations, boolean migrate) {
        HikariDataSource pool = connect(config);
        if (!migrate) {
            return new Database(pool, config);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:" + migrations)
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("Could not bring the store at " + config.location()
                    + " up to date: " + e.getMessage(), e);
        }
        return new Database(pool, config);
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
        hikari.setInitializationFailTimeout(1);
        hikari.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            if (isInUse(e)) {
                throw new StoreInUseException(config.location(), e);
            }
            throw new StoreException("Could not open the store at " + config.location() + ": "
                    + rootMessage(e), e);
        }
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

    public <T> T transaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState())) {
                    LOG.debug("retrying after {} (attempt {})", e.getSQLState(), attempt);
                    continue;
                }
                throw new StoreException("Database error in the store at " + config.location() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

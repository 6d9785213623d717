package dev.licex.protocol.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection taken from the pool, closed for good when it comes back to a pool that closed while
 * it was out. Hikari closes such a pool by aborting the connections still in use, and H2 ignores an
 * abort ({@code JdbcConnection.abort} does nothing), so the session stayed open until the garbage
 * collector found it; H2 then wrote "the connection was not closed by the application" into the
 * trace file of whichever store opened next in the process.
 */
final class BorrowedConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BorrowedConnection.class);

    private final HikariDataSource pool;
    private final Connection pooled;
    private final Connection physical;

    private BorrowedConnection(HikariDataSource pool, Connection pooled, Connection physical) {
        this.pool = pool;
        this.pooled = pooled;
        this.physical = physical;
    }

    static BorrowedConnection from(HikariDataSource pool) throws SQLException {
        Connection pooled = pool.getConnection();
        try {
            return new BorrowedConnection(pool, pooled, pooled.unwrap(Connection.class));
        } catch (SQLException | RuntimeException e) {
            try {
                pooled.close();
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    Connection connection() {
        return pooled;
    }

    @Override
    public void close() throws SQLException {
        try {
            pooled.close();
        } finally {
            if (pool.isClosed()) {
                closeAfterThePool();
            }
        }
    }

    /**
     * Logged, not thrown: the unit of work has its outcome by now (a commit that succeeded must not
     * be reported as failed), and the pool it belonged to is gone.
     */
    private void closeAfterThePool() {
        try {
            physical.close();
        } catch (SQLException e) {
            LOG.warn("could not close a database connection handed back after its store closed: {}", e.getMessage());
        }
    }
}

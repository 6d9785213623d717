package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;

/** How a transaction is committed so that it is durable once the commit returns. */
interface CommitDurability {

    /**
     * PostgreSQL's commit returns after its write-ahead log was flushed, and a store in memory
     * has nothing to keep: the commit itself is all there is.
     */
    CommitDurability BY_THE_DATABASE = Connection::commit;

    /** Called on the thread of a unit of work before it runs; {@link #end} follows whatever happens. */
    default void begin() {
    }

    default void end() {
    }

    /** Commits {@code connection}'s transaction and returns once what it changed is in the store. */
    void commit(Connection connection) throws SQLException;

    /** Called once the store's pool is closed; no commit comes after it. */
    default void close() {
    }
}

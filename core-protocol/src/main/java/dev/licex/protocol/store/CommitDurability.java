package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;

/** What makes a committed transaction durable before its commit is acknowledged. */
interface CommitDurability {

    /**
     * PostgreSQL's commit returns after its write-ahead log was flushed, and a store in memory
     * has nothing to keep: the commit itself is all there is to wait for.
     */
    CommitDurability BY_THE_DATABASE = committed -> {
    };

    /** Returns once what {@code committed} has just committed is in the store's file. */
    void awaitDurable(Connection committed) throws SQLException;
}

package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work inside one database transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

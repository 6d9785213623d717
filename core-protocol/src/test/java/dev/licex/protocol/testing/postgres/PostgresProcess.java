package dev.licex.protocol.testing.postgres;

/** A running PostgreSQL server on 127.0.0.1 that tests reach as the trusted superuser {@code postgres}. */
public interface PostgresProcess extends AutoCloseable {

    int port();

    /** Stops the server and deletes its data directory. */
    @Override
    void close();
}

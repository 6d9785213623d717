package dev.licex.protocol.testing;

import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.postgres.TestPostgres;
import java.nio.file.Path;

/**
 * The server store of a test: an H2 file in the test's folder, or with
 * {@code -Dlicex.test.store=postgres} a PostgreSQL database of that folder's own. The server
 * tests take their store from here, so the same suite runs on both databases.
 */
public final class TestStores {

    private TestStores() {
    }

    public static DatabaseConfig server(Path folder) {
        return TestPostgres.isStoreUnderTest() ? TestPostgres.database(folder) : DatabaseConfig.h2(folder, "server");
    }
}

package dev.licex.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.store.Database;
import dev.licex.protocol.testing.TestStores;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server processes starting together on an empty store must agree on one signing key, or rights
 * signed by one would not verify against the keys another publishes. Eight pools on one store
 * (eight "instances") load their keys at the same moment.
 */
class FirstKeyRaceTest {

    private static final int INSTANCES = 8;

    @TempDir
    Path dir;

    @Test
    void instancesLoadingTheirKeysAtOnceCreateOneAndAllUseIt() throws Exception {
        List<Database> instances = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(Database.open(TestStores.server(dir), ServerRuntime.MIGRATIONS));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SigningKeys>> loads = new ArrayList<>();
            for (Database db : instances) {
                loads.add(threads.submit(() -> {
                    go.await();
                    return SigningKeys.load(db, Clock.systemUTC());
                }));
            }
            go.countDown();
            List<String> active = new ArrayList<>();
            for (Future<SigningKeys> load : loads) {
                active.add(load.get().active().keyId());
            }

            assertThat(active).as("every instance signs with the same key").containsOnly(active.get(0));
            long stored = instances.get(0).transaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM signing_keys")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(stored).isEqualTo(1);
        } finally {
            threads.shutdownNow();
            instances.forEach(Database::close);
        }
    }
}

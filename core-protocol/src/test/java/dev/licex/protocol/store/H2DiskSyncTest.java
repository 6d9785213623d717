package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licex.protocol.crash.CommitWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opened with a disk sync forces its writes to disk on schedule once it was written, keeps
 * dead chunks only a few sync intervals (H2's retention time), and stops syncing before it closes.
 */
class H2DiskSyncTest {

    private static final Duration EVERY = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void aWrittenStoreIsForcedToDiskOnScheduleAndKeepsDeadChunksOnlyAFewIntervals() throws Exception {
        StoreCounters counters = new StoreCounters();
        DatabaseConfig config = DatabaseConfig.h2(dir, "synced").withH2DiskSync(EVERY);
        try (Database db = Database.open(config, CommitWorker.MIGRATIONS, true, counters)) {
            db.transaction(KeptRows::insert);
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.diskSyncs() == 1);
            db.transaction(KeptRows::insert);
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.diskSyncs() == 2);

            await("nothing written since: no sync").during(EVERY.multipliedBy(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> counters.diskSyncs() == 2);
            assertThat(counters.diskSyncSeconds()).isPositive();
            int retention = db.transaction(c -> H2Store.of(c).getFileStore().getRetentionTime());
            assertThat(retention).as("H2's retention time, in ms").isEqualTo(
                    (int) EVERY.toMillis() * DatabaseConfig.RETENTION_IN_SYNC_INTERVALS);
        }

        assertThat(syncThreads()).as("no sync runs on a closed store").isZero();
    }

    @Test
    void aStoreOpenedWithoutASyncKeepsH2sDefaultRetention() throws Exception {
        StoreCounters counters = new StoreCounters();
        try (Database db = Database.open(DatabaseConfig.h2(dir, "plain"), CommitWorker.MIGRATIONS, true, counters)) {
            db.transaction(KeptRows::insert);

            assertThat(syncThreads()).isZero();
            int retention = db.transaction(c -> H2Store.of(c).getFileStore().getRetentionTime());
            assertThat(retention).as("H2's default retention time, for stores not forced to disk").isEqualTo(45_000);
        }
        assertThat(counters.diskSyncs()).isZero();
    }

    @Test
    void onlyAnH2FileIsSynced() {
        DatabaseConfig memory = DatabaseConfig.h2InMemory("sync-" + UUID.randomUUID());
        assertThat(memory.withH2DiskSync(EVERY)).isEqualTo(memory);
        DatabaseConfig postgres = DatabaseConfig.postgres("jdbc:postgresql://127.0.0.1:5432/licex", "licex", "", 4);
        assertThat(postgres.withH2DiskSync(EVERY)).isEqualTo(postgres);
    }

    private static long syncThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("licex-disk-sync")).count();
    }
}

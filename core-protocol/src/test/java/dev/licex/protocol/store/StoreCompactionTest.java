package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.crash.CommitWorker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction keeps the number of chunks of an H2 file bounded: rows that are never changed again
 * otherwise keep one chunk alive each. It leaves chunks alone that are mostly live, since moving
 * them costs a write of nearly their whole size to free one chunk. The store runs with H2's retention time at zero, so a chunk
 * left without live pages is dropped at the next write instead of 45 s later.
 */
class StoreCompactionTest {

    private static final int ROWS = 1500;

    @TempDir
    Path dir;

    @Test
    void compactionFreesTheChunksThatRowsNeverChangedAgainKeptAlive() throws Exception {
        int withoutCompaction = chunksAfterRowsAndTenWrites(dir.resolve("plain"), false);
        int withCompaction = chunksAfterRowsAndTenWrites(dir.resolve("compacted"), true);

        assertThat(withoutCompaction).as("one commit a row leaves chunks that stay alive").isGreaterThan(ROWS / 10);
        assertThat(withCompaction).as("compacted: %d chunks, not compacted: %d", withCompaction, withoutCompaction)
                .isLessThan(withoutCompaction / 4);
    }

    @Test
    void compactionLeavesAStoreAloneWhoseChunksAreMostlyLive() throws Exception {
        try (Database db = Database.open(withoutRetention(dir.resolve("dense")), CommitWorker.MIGRATIONS)) {
            for (int batch = 0; batch < 10; batch++) {
                db.transaction(c -> {
                    for (int i = 0; i < ROWS / 10; i++) {
                        KeptRows.insert(c, 200);
                    }
                    return null;
                });
            }

            assertThat(db.compact(64 << 20)).as("rows written in large batches leave chunks that are mostly live:"
                    + " nothing worth rewriting").isFalse();
        }
    }

    @Test
    void compactionIsNothingOnAStoreInMemory() {
        try (Database db = Database.open(DatabaseConfig.h2InMemory("compaction-" + UUID.randomUUID()),
                CommitWorker.MIGRATIONS)) {
            assertThat(db.compact(1 << 20)).isFalse();
        }
    }

    private static DatabaseConfig withoutRetention(Path folder) {
        DatabaseConfig plain = DatabaseConfig.h2(folder, "store");
        return new DatabaseConfig(plain.jdbcUrl() + ";RETENTION_TIME=0", plain.user(), plain.password(), 2,
                plain.location());
    }

    private static int chunksAfterRowsAndTenWrites(Path folder, boolean compact) throws SQLException {
        try (Database db = Database.open(withoutRetention(folder), CommitWorker.MIGRATIONS)) {
            for (int i = 0; i < ROWS; i++) {
                insert(db);
            }
            for (int round = 0; round < 10; round++) {
                if (compact) {
                    db.compact(64 << 20);
                }
                insert(db);
            }
            return chunks(db);
        }
    }

    private static int chunks(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            MVStore store = H2Store.of(c);
            return (int) store.getLayoutMap().keySet().stream().filter(key -> key.startsWith("chunk.")).count();
        }
    }

    private static void insert(Database db) {
        db.transaction(c -> KeptRows.insert(c, 200));
    }
}

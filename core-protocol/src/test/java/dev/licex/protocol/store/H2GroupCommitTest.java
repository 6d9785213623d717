package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.crash.CommitWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits on an H2 file wait for a write of the store's own writer thread: commits that wait at the
 * same time share a write, a unit of work that changed nothing waits for none, and the writer
 * stops with the store. That every acknowledged commit survives {@code kill -9} is
 * {@code EmbeddedStoreKillTest}'s.
 */
class H2GroupCommitTest {

    private static final int COMMITTERS = 32;
    private static final int COMMITS_EACH = 40;

    @TempDir
    Path dir;

    @Test
    void commitsWaitingTogetherShareWritesAndAllOfThemAreInTheFileAfterReopening() throws Exception {
        StoreCounters counters = new StoreCounters();
        DatabaseConfig config = DatabaseConfig.h2(dir, "grouped").withPoolSize(COMMITTERS);
        try (Database db = Database.open(config, CommitWorker.MIGRATIONS, true, counters);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long commitsBefore = counters.durableCommits();
            long writesBefore = counters.fileWrites();
            List<Future<?>> committers = new ArrayList<>();
            for (int i = 0; i < COMMITTERS; i++) {
                committers.add(threads.submit(() -> {
                    for (int j = 0; j < COMMITS_EACH; j++) {
                        db.transaction(KeptRows::insert);
                    }
                    return null;
                }));
            }
            for (Future<?> committer : committers) {
                committer.get();
            }

            long commits = counters.durableCommits() - commitsBefore;
            long writes = counters.fileWrites() - writesBefore;
            assertThat(commits).isEqualTo(COMMITTERS * COMMITS_EACH);
            assertThat(writes).as("writes for %d commits, %d of them at a time", commits, COMMITTERS)
                    .isPositive().isLessThan(commits);
            assertThat(writerThreads()).as("one writer for the store").isEqualTo(1);
        }
        assertThat(writerThreads()).as("no writer outlives its store").isZero();

        try (Database reopened = Database.open(DatabaseConfig.h2(dir, "grouped"), CommitWorker.MIGRATIONS)) {
            assertThat(reopened.transaction(KeptRows::count)).isEqualTo(COMMITTERS * COMMITS_EACH);
        }
    }

    @Test
    void aUnitOfWorkThatChangedNothingNeitherWaitsNorWrites() {
        StoreCounters counters = new StoreCounters();
        try (Database db = Database.open(DatabaseConfig.h2(dir, "reads"), CommitWorker.MIGRATIONS, true, counters)) {
            db.transaction(KeptRows::insert);
            long commits = counters.durableCommits();
            long writes = counters.fileWrites();

            assertThat(db.transaction(KeptRows::count)).isEqualTo(1);

            assertThat(counters.durableCommits()).isEqualTo(commits);
            assertThat(counters.fileWrites()).isEqualTo(writes);
        }
    }

    private long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("licex-store-writer ") && t.getName().contains(dir.toString()))
                .filter(Thread::isAlive).count();
    }
}

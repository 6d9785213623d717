package dev.licex.protocol.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.KillableChild;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every commit an embedded store acknowledged survives SIGKILL, in process after process started
 * on the store its killed predecessor left behind. H2 2.5.250 and 2.5.252 fail this: when a
 * chunk lands where the store did not predict, they point the file header at the chunk before
 * it, so recovery after a kill stops there and silently drops that commit and every later one
 * until the header is next written (up to 20 commits). Such a chunk needs space freed by dead
 * chunks, which H2 reuses only after a 45 s retention time; the worker sets that time to zero,
 * so what a long-lived device store meets after a minute happens here within seconds. The worker
 * commits from several threads through licex's {@code Database}, so the commits it acknowledges
 * were written in groups (H2GroupCommit) as a server's are.
 */
class EmbeddedStoreKillTest {

    private static final int RESTARTS = 20;
    /**
     * Enough commits, and up to a second before the kill, for the killed worker's chunks to become
     * sparse enough that compaction moves pages before it is killed (it leaves mostly live chunks
     * alone).
     */
    private static final int COMMITS_PER_THREAD = 50;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkillAcrossRestarts() throws Exception {
        Random random = new Random();
        List<String> acknowledged = new ArrayList<>();
        KillableChild filler = KillableChild.start(CommitWorker.class, dir.toString(), "50", "exit");
        assertThat(filler.exitCode()).isZero();
        acknowledged.addAll(ids(filler));
        int compactionsBeforeKills = 0;
        for (int restart = 0; restart < RESTARTS; restart++) {
            KillableChild child = KillableChild.start(CommitWorker.class, dir.toString(),
                    Integer.toString(COMMITS_PER_THREAD));
            child.await("READY");
            TimeUnit.MILLISECONDS.sleep(random.nextInt(1000));
            child.kill();
            acknowledged.addAll(ids(child));
            compactionsBeforeKills += child.linesStartingWith("COMPACTED").size();
        }
        assertThat(acknowledged).hasSizeGreaterThan(RESTARTS);
        assertThat(compactionsBeforeKills).as("compaction moved pages in the killed workers").isPositive();

        Set<String> stored = new HashSet<>();
        DatabaseConfig config = DatabaseConfig.h2(dir, "store");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(acknowledged).as("acknowledged commits missing after the kills")
                .filteredOn(id -> !stored.contains(id)).isEmpty();
    }

    private static List<String> ids(KillableChild child) {
        return child.linesStartingWith("ACK ").stream().map(line -> line.substring(4)).toList();
    }
}

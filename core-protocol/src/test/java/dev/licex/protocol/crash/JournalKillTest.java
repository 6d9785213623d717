package dev.licex.protocol.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.KillableChild;
import java.nio.file.Files;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every commit a journaled store acknowledged survives SIGKILL, as {@link EmbeddedStoreKillTest}
 * checks for a store without a journal: here H2's file is written only at checkpoints, once a
 * second, so most commits acknowledged before a kill are only in the journal, and the next
 * process's open must apply them. After each kill the test also reads the H2 file as the killed
 * process left it, without the journal, to see that the journal was what kept them.
 */
class JournalKillTest {

    private static final int RESTARTS = 12;
    private static final int COMMITS_PER_THREAD = 50;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkillThroughTheJournal() throws Exception {
        Random random = new Random();
        List<String> acknowledged = new ArrayList<>();
        KillableChild filler = KillableChild.start(CommitWorker.class, dir.toString(), "20", "exit", "journaled");
        assertThat(filler.exitCode()).isZero();
        acknowledged.addAll(ids(filler));
        assertThat(journalSegments()).as("a store closed cleanly leaves no journal behind").isEmpty();
        int onlyInTheJournal = 0;
        for (int restart = 0; restart < RESTARTS; restart++) {
            KillableChild child = KillableChild.start(CommitWorker.class, dir.toString(),
                    Integer.toString(COMMITS_PER_THREAD), "journaled");
            child.await("READY");
            TimeUnit.MILLISECONDS.sleep(random.nextInt(1500));
            child.kill();
            List<String> acked = ids(child);
            acknowledged.addAll(acked);
            Set<String> inTheFile = storedWithoutTheJournal();
            onlyInTheJournal += (int) acked.stream().filter(id -> !inTheFile.contains(id)).count();
        }
        assertThat(onlyInTheJournal).as("acknowledged commits that only the journal held after a kill").isPositive();

        Set<String> stored = new HashSet<>();
        DatabaseConfig config = DatabaseConfig.h2(dir, "store");
        try (Database db = Database.open(config, CommitWorker.JOURNALED)) {
            db.transaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
                return null;
            });
        }
        assertThat(acknowledged).as("acknowledged commits missing after the kills")
                .filteredOn(id -> !stored.contains(id)).isEmpty();
        assertThat(journalSegments()).as("the journal is applied and removed at open").isEmpty();
    }

    /** The H2 file alone, opened without licex (so no journal is applied) and left as it was. */
    private Set<String> storedWithoutTheJournal() throws Exception {
        Set<String> ids = new HashSet<>();
        DatabaseConfig config = DatabaseConfig.h2(dir, "store");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private List<Path> journalSegments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }

    private static List<String> ids(KillableChild child) {
        return child.linesStartingWith("ACK ").stream().map(line -> line.substring(4)).toList();
    }
}

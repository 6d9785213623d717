package dev.licex.protocol.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What opening a store does with a journal left behind by a process that never closed it: it
 * applies every whole record in order (rows written, changed and deleted), stops at a record cut
 * short, removes the journal, and applying the same journal again changes nothing. The journal is
 * a real one, copied while its store was open; it is laid beside a store that never saw those
 * commits, as the H2 file of a killed process may not have.
 */
class CommitJournalReplayTest {

    private static final Migrations JOURNALED = new Migrations("db/commit-worker-journaled", "1");
    /** No checkpoint comes while the test runs, so the journal keeps every commit. */
    private static final Duration NO_CHECKPOINT_SOON = Duration.ofHours(1);

    @TempDir
    Path written;
    @TempDir
    Path replayed;
    @TempDir
    Path saved;

    private final UUID kept = UUID.randomUUID();
    private final UUID deleted = UUID.randomUUID();
    private final UUID changed = UUID.randomUUID();

    @Test
    void aJournalLeftBehindIsAppliedInOrderUpToARecordCutShortThenRemoved() throws Exception {
        try (Database db = open(written)) {
            db.transaction(c -> insert(c, kept, "kept") + insert(c, deleted, "deleted") + insert(c, changed, "v1"));
            db.transaction(c -> execute(c, "DELETE FROM kept WHERE id = ?", deleted));
            db.transaction(c -> execute(c, "UPDATE kept SET body = 'v2' WHERE id = ?", changed));
            copyJournal(written, saved);
        }
        assertThat(journalOf(written)).as("a store closed cleanly leaves no journal").isEmpty();
        try (Database empty = open(replayed)) {
            assertThat(rows(empty)).isEmpty();
        }
        copyJournal(saved, replayed);
        Path last = journalOf(replayed).getLast();
        Files.write(last, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 7, 7}, StandardOpenOption.APPEND);

        try (Database db = open(replayed)) {
            assertThat(rows(db)).isEqualTo(Map.of(kept.toString(), "kept", changed.toString(), "v2"));
        }
        assertThat(journalOf(replayed)).as("the journal is removed once applied").isEmpty();

        copyJournal(saved, replayed);
        try (Database db = open(replayed)) {
            assertThat(rows(db)).as("the same journal applied again")
                    .isEqualTo(Map.of(kept.toString(), "kept", changed.toString(), "v2"));
        }
    }

    @Test
    void aTailOfZerosThatAPowerCutCanLeaveEndsTheJournalAndTheStoreStillOpens() throws Exception {
        try (Database db = open(written)) {
            db.transaction(c -> insert(c, kept, "kept"));
            copyJournal(written, saved);
        }
        open(replayed).close();
        copyJournal(saved, replayed);
        Files.write(journalOf(replayed).getLast(), new byte[4096], StandardOpenOption.APPEND);

        try (Database db = open(replayed)) {
            assertThat(rows(db)).isEqualTo(Map.of(kept.toString(), "kept"));
        }
    }

    /**
     * Write-ahead: once another connection can see a commit, its record is in the journal's file.
     * Were it the other way round, H2 could write its file holding a transaction whose record a
     * crash then lost, and a replay of an earlier record of the same row would undo part of it.
     */
    @Test
    void aCommitIsVisibleOnlyOnceItsRecordIsInTheJournalFile() throws Exception {
        try (Database db = open(written)) {
            db.transaction(c -> insert(c, changed, marker(0)));
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int n = 1; n <= 3000; n++) {
                    String body = marker(n);
                    db.transaction(c -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE kept SET body = ? WHERE id = ?")) {
                            ps.setString(1, body);
                            ps.setObject(2, changed);
                            return ps.executeUpdate();
                        }
                    });
                }
            });
            int seen = 0;
            while (writer.isAlive()) {
                String visible = rows(db).get(changed.toString());
                String journal = journalText(written);
                assertThat(journal).as("the journal's file when %s was visible", visible).contains(visible);
                seen++;
            }
            writer.join();
            assertThat(rows(db).get(changed.toString())).as("every commit went through").isEqualTo(marker(3000));
            assertThat(seen).as("samples taken while commits went on").isGreaterThan(10);
        }
    }

    private static String marker(int n) {
        return String.format("visible-%06d-end", n);
    }

    private static String journalText(Path folder) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path segment : journalOf(folder)) {
            text.append(new String(Files.readAllBytes(segment), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    @Test
    void aStoreWhoseEveryTableHasTheTriggerIsJournaledAndOneWithoutIsNot() throws Exception {
        try (Database db = open(written)) {
            db.transaction(c -> insert(c, kept, "kept"));
            assertThat(journalOf(written)).as("the commit went to the journal").hasSize(1);
        }
        try (Database db = Database.open(new DatabaseConfig(DatabaseConfig.h2(replayed, "store").jdbcUrl(), "licex",
                "", 4, replayed.toString(), NO_CHECKPOINT_SOON), new Migrations("db/commit-worker", "1"))) {
            db.transaction(c -> insert(c, kept, "kept"));
            assertThat(journalOf(replayed)).as("a store without the trigger writes its file instead").isEmpty();
        }
    }

    private static Database open(Path folder) {
        DatabaseConfig h2 = DatabaseConfig.h2(folder, "store");
        return Database.open(new DatabaseConfig(h2.jdbcUrl(), h2.user(), h2.password(), h2.poolSize(), h2.location(),
                NO_CHECKPOINT_SOON), JOURNALED);
    }

    private static int insert(java.sql.Connection c, UUID id, String body) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kept VALUES (?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, body);
            return ps.executeUpdate();
        }
    }

    private static int execute(java.sql.Connection c, String sql, UUID id) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            return ps.executeUpdate();
        }
    }

    private static Map<String, String> rows(Database db) {
        return db.transaction(c -> {
            Map<String, String> rows = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM kept");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
            return rows;
        });
    }

    private static void copyJournal(Path from, Path to) throws Exception {
        for (Path segment : journalOf(from)) {
            Files.copy(segment, to.resolve(segment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Path> journalOf(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }
}

package dev.licex.protocol.server;

import dev.licex.protocol.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops what a finished transaction no longer needs once its retention period is over: the
 * stored leg-4 answer, the largest part of a row. The row itself stays as a small tombstone with
 * its state, device and rights id, which is enough to answer any late repeat correctly (leg 1:
 * open; leg 5: completed; leg 3: completed, its answer no longer kept).
 *
 * <p>The period counts from a transaction's creation, and the purge walks the transactions in the
 * order they were created from where its last run stopped, so it does not rescan the tombstones it
 * left: a server that kept months of them would otherwise walk millions of rows at every run. On
 * PostgreSQL that order is the creation-time index; on H2 it is the table's own row order (H2
 * numbers rows as they are inserted), since an index there is rewritten by every update of the row
 * (docs/performance.md). A purge object starts from the beginning at its first run and again once
 * a day, which catches the few transactions that finished only after a run had passed them (a
 * device offline for longer than the period).
 *
 * <p>Works in small batches, each its own short database transaction, so traffic never waits
 * long behind it; several instances may run it at once, since each batch only clears what is
 * still set and clearing twice changes nothing. Every batch locks its rows in one order (creation
 * time, then key; on H2 row order), so two instances purging the same rows wait for each other
 * rather than deadlock; the second finds them cleared and counts nothing.
 */
public final class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    public static final int BATCH = 500;
    static final Duration FULL_PASS_EVERY = Duration.ofDays(1);

    private final Database db;
    private final Clock clock;
    private final Duration retention;
    /** PostgreSQL: transactions created before this were looked at by an earlier run of this object. */
    private long watermark;
    /** H2: the rows up to this one were looked at by an earlier run of this object. */
    private long rowWatermark;
    /** When the last run that started from the beginning began; none yet. */
    private long lastFullPass = Long.MIN_VALUE;

    public RetentionPurge(Database db, Clock clock, Duration retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /** Purges every eligible transaction, batch after batch; returns how many it purged. */
    public synchronized long run() {
        long now = clock.millis();
        if (lastFullPass == Long.MIN_VALUE || now - lastFullPass >= FULL_PASS_EVERY.toMillis()) {
            watermark = 0;
            rowWatermark = 0;
            lastFullPass = now;
        }
        long cutoff = now - retention.toMillis();
        long purged = db.isPostgres() ? byCreationTime(cutoff) : byRowOrder(cutoff);
        if (purged > 0) {
            LOG.info("retention: dropped the stored answers of {} finished transaction(s) older than {}", purged,
                    retention);
        }
        return purged;
    }

    private long byCreationTime(long cutoff) {
        long purged = 0;
        long from = watermark;
        while (true) {
            Batch batch = purgeBatch(from, cutoff);
            purged += batch.purged();
            if (batch.selected() < BATCH) {
                break;
            }
            from = batch.lastCreatedAt();
        }
        watermark = Math.max(watermark, cutoff);
        return purged;
    }

    /**
     * Walks the rows after the last one passed until the first created at or after the cutoff. Rows
     * inserted at the same moment may be numbered a few milliseconds out of creation order; the walk
     * stops before the first young one, so an old one numbered after it waits for the next run.
     */
    private long byRowOrder(long cutoff) {
        long purged = 0;
        while (true) {
            RowBatch batch = purgeRows(rowWatermark, cutoff);
            purged += batch.purged();
            rowWatermark = batch.lastPassed();
            if (batch.reachedCutoff() || batch.read() < BATCH) {
                return purged;
            }
        }
    }

    private record Key(String accountId, UUID transactionId) {
    }

    /**
     * How many rows a batch found eligible, how many it cleared (another instance may have been
     * first), and where the next batch starts.
     */
    private record Batch(int selected, int purged, long lastCreatedAt) {
    }

    /**
     * How many rows an H2 batch read, how many it cleared, the last row it passed (every row up to
     * it was created before the cutoff), and whether it met a row created after.
     */
    private record RowBatch(int read, int purged, long lastPassed, boolean reachedCutoff) {
    }

    private RowBatch purgeRows(long after, long cutoff) {
        return db.transaction(c -> {
            List<Key> keys = new ArrayList<>(BATCH);
            long lastPassed = after;
            int read = 0;
            boolean reachedCutoff = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT _ROWID_, account_id, transaction_id, created_at, "
                    + "state IN ('COMPLETED', 'CANCELLED', 'REJECTED') AND response_body IS NOT NULL "
                    + "FROM transactions WHERE _ROWID_ > ? ORDER BY _ROWID_ LIMIT " + BATCH)) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        if (rs.getLong(4) >= cutoff) {
                            reachedCutoff = true;
                            break;
                        }
                        lastPassed = rs.getLong(1);
                        if (rs.getBoolean(5)) {
                            keys.add(new Key(rs.getString(2), rs.getObject(3, UUID.class)));
                        }
                    }
                }
            }
            return new RowBatch(read, clear(c, keys), lastPassed, reachedCutoff);
        });
    }

    private Batch purgeBatch(long from, long cutoff) {
        return db.transaction(c -> {
            List<Key> keys = new ArrayList<>(BATCH);
            long last = from;
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id, transaction_id, created_at "
                    + "FROM transactions WHERE created_at >= ? AND created_at < ? "
                    + "AND state IN ('COMPLETED', 'CANCELLED', 'REJECTED') AND response_body IS NOT NULL "
                    + "ORDER BY created_at, account_id, transaction_id LIMIT " + BATCH)) {
                ps.setLong(1, from);
                ps.setLong(2, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new Key(rs.getString(1), rs.getObject(2, UUID.class)));
                        last = rs.getLong(3);
                    }
                }
            }
            return new Batch(keys.size(), clear(c, keys), last);
        });
    }

    /** Drops the stored answers of these transactions where they are still kept; returns how many it dropped. */
    private static int clear(Connection c, List<Key> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        int purged = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE transactions SET response_body = NULL "
                + "WHERE account_id = ? AND transaction_id = ? AND response_body IS NOT NULL "
                + "AND state IN ('COMPLETED', 'CANCELLED', 'REJECTED')")) {
            for (Key key : keys) {
                ps.setString(1, key.accountId());
                ps.setObject(2, key.transactionId());
                ps.addBatch();
            }
            for (int updated : ps.executeBatch()) {
                purged += Math.max(updated, 0);
            }
        }
        return purged;
    }
}

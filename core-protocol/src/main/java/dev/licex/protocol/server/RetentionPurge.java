package dev.licex.protocol.server;

import dev.licex.protocol.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * <p>Works in small batches, each its own short database transaction, so traffic never waits
 * long behind it; several instances may run it at once, since each batch only clears what is
 * still set and clearing twice changes nothing.
 */
public final class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    public static final int BATCH = 500;

    private final Database db;
    private final Clock clock;
    private final Duration retention;

    public RetentionPurge(Database db, Clock clock, Duration retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /** Purges every eligible transaction, batch after batch; returns how many it purged. */
    public long run() {
        long cutoff = clock.millis() - retention.toMillis();
        long purged = 0;
        while (true) {
            Batch batch = purgeBatch(cutoff);
            purged += batch.purged();
            if (batch.selected() < BATCH) {
                break;
            }
        }
        if (purged > 0) {
            LOG.info("retention: dropped the stored answers of {} finished transaction(s) older than {}", purged,
                    retention);
        }
        return purged;
    }

    private record Key(String accountId, UUID transactionId) {
    }

    /** How many rows a batch found eligible, and how many it cleared (another instance may have been first). */
    private record Batch(int selected, int purged) {
    }

    private Batch purgeBatch(long cutoff) {
        return db.transaction(c -> {
            List<Key> keys = new ArrayList<>(BATCH);
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id, transaction_id FROM transactions "
                    + "WHERE state IN ('COMPLETED', 'CANCELLED', 'REJECTED') AND updated_at < ? "
                    + "AND response_body IS NOT NULL ORDER BY updated_at LIMIT " + BATCH)) {
                ps.setLong(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new Key(rs.getString(1), rs.getObject(2, UUID.class)));
                    }
                }
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
            return new Batch(keys.size(), purged);
        });
    }
}

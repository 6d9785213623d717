package dev.licex.protocol.store;

import java.sql.Connection;
import org.h2.api.Trigger;

/**
 * H2 calls this after every row a journaled table gains, changes or loses (migration
 * {@code V6__Journal_triggers}); it hands the row to the capture of the thread that runs the
 * statement, if that thread is inside {@link Database#transaction}. Writes outside it (migrations,
 * which run before the journal opens, and a replay) are not captured. H2 calls an AFTER row
 * trigger only once the row is in every index, so a statement that failed on a duplicate key left
 * no image.
 */
public final class RowImageTrigger implements Trigger {

    private String table;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
        RowImages images = RowImages.capturing();
        if (images == null) {
            return;
        }
        if (newRow == null) {
            images.deleted(table, oldRow);
        } else {
            images.written(table, newRow);
        }
    }
}

package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.h2.mvstore.MVStore;

/**
 * Commits a transaction on an H2 file store whose every table is journaled: the rows it wrote go
 * to the {@link CommitJournal}, and it commits, still holding its row locks, once they are in the
 * journal's file. A transaction that wrote no journaled row but changed something is written to
 * H2's file by the group commit, as on a store without a journal.
 */
final class JournaledCommit implements CommitDurability {

    /** H2 then writes its file only when asked: at the journal's checkpoints. */
    private static final int NO_AUTOMATIC_WRITES = -1;

    private final CommitJournal journal;
    private final H2GroupCommit unjournaled;
    private final StoreCounters counters;

    JournaledCommit(CommitJournal journal, H2GroupCommit unjournaled, StoreCounters counters) {
        this.journal = journal;
        this.unjournaled = unjournaled;
        this.counters = counters;
    }

    @Override
    public void begin() {
        RowImages.startCapturing();
    }

    @Override
    public void end() {
        RowImages.stopCapturing();
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        MVStore store = H2Store.of(connection);
        if (store.getAutoCommitDelay() != NO_AUTOMATIC_WRITES) {
            store.setAutoCommitDelay(NO_AUTOMATIC_WRITES);
        }
        journal.writesTo(store);
        RowImages images = RowImages.capturing();
        if (images == null || images.isEmpty()) {
            unjournaled.commit(connection);
            return;
        }
        long handedOver = System.nanoTime();
        CommitJournal.Ticket ticket = journal.append(images.payload());
        try {
            // written before it commits in memory: H2 may write its file at any moment after that
            // commit, and a file holding a transaction whose record is lost would let a replay of
            // an earlier record of the same row undo part of that transaction
            try {
                ticket.written().join();
            } catch (CompletionException e) {
                throw new SQLException("a commit could not be written to the store's journal: "
                        + e.getCause().getMessage(), e.getCause());
            }
            long waited = System.nanoTime() - handedOver;
            connection.commit();
            counters.committedDurably(waited);
        } finally {
            journal.settled(ticket.sequence());
        }
    }

    @Override
    public void close() {
        unjournaled.close();
    }
}

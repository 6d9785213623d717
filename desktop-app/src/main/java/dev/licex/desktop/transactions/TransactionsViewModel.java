package dev.licex.desktop.transactions;

import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.client.HistoryEntry;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.message.TransactionKind;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Every transaction of this device, its history, and resuming or cancelling the unfinished ones. */
public final class TransactionsViewModel {

    private static final int SHOWN = 2_000;

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final Runnable onChange;
    private final ObservableList<ClientTransaction> rows = FXCollections.observableArrayList();
    private final ObservableList<HistoryEntry> history = FXCollections.observableArrayList();
    private final ObjectProperty<ClientTransaction> selected = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");

    public TransactionsViewModel(LicexSession session, Threads threads, Consumer<Notice> notices, Runnable onChange) {
        this.session = session;
        this.threads = threads;
        this.notices = notices;
        this.onChange = onChange;
        selected.addListener((o, a, tx) -> showHistory(tx));
    }

    public void refresh() {
        threads.run(() -> session.store().transactions(SHOWN), loaded -> {
            rows.setAll(loaded);
            long open = loaded.stream().filter(tx -> tx.state().isUnfinished()).count();
            summary.set(loaded.size() + " transactions" + (open == 0 ? ", none unfinished"
                    : ", " + open + " unfinished"));
        }, e -> summary.set("The transactions could not be read: " + Messages.describe(e)));
    }

    private void showHistory(ClientTransaction tx) {
        if (tx == null) {
            history.clear();
            return;
        }
        threads.run(() -> session.store().history(tx.transactionId()), history::setAll, e -> history.clear());
    }

    public static boolean resumable(ClientTransaction tx) {
        return tx != null && tx.state().isUnfinished();
    }

    public static boolean cancellable(ClientTransaction tx) {
        return resumable(tx) && tx.kind() == TransactionKind.ACQUIRE;
    }

    public void resume(ClientTransaction tx) {
        threads.run(() -> session.engine().drive(tx.transactionId()), outcome -> finished(tx, outcome),
                e -> notices.accept(Notice.error("Could not resume", Messages.describe(e))));
    }

    public void resumeAll() {
        threads.run(session::resumeUnfinished, outcomes -> {
            long done = outcomes.stream().filter(o -> !(o instanceof Outcome.Pending)).count();
            notices.accept(outcomes.isEmpty() ? Notice.info("Nothing to resume", "No transaction is unfinished.")
                    : Notice.success("Resumed " + outcomes.size() + " transaction(s)", done + " finished, "
                            + (outcomes.size() - done) + " still waiting for the server."));
            refresh();
            onChange.run();
        }, e -> notices.accept(Notice.error("Could not resume", Messages.describe(e))));
    }

    /** Cancels an unfinished acquisition: its rights are never used and the server restores the stock. */
    public void cancel(ClientTransaction tx) {
        threads.run(() -> session.engine().cancel(tx.transactionId()), outcome -> finished(tx, outcome),
                e -> notices.accept(Notice.warning("Cannot cancel", Messages.describe(e))));
    }

    private void finished(ClientTransaction tx, Outcome outcome) {
        notices.accept(Messages.forOutcome(tx.label() != null ? tx.label() : tx.offerId(), outcome));
        refresh();
        onChange.run();
    }

    public ObservableList<ClientTransaction> rows() {
        return rows;
    }

    public ObservableList<HistoryEntry> history() {
        return history;
    }

    public ObjectProperty<ClientTransaction> selectedProperty() {
        return selected;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public List<ClientTransaction> unfinished() {
        return rows.stream().filter(TransactionsViewModel::resumable).toList();
    }
}

package dev.licex.desktop.handshake;

import dev.licex.protocol.event.ProtocolEvent;
import java.time.Instant;
import java.util.UUID;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Every event of one transaction, on both sides, in the order they happened. */
public final class TransactionTrace {

    private final UUID transactionId;
    private final ObservableList<ProtocolEvent> events = FXCollections.observableArrayList();
    private final StringProperty title = new SimpleStringProperty();

    public TransactionTrace(UUID transactionId) {
        this.transactionId = transactionId;
    }

    public UUID transactionId() {
        return transactionId;
    }

    public ObservableList<ProtocolEvent> events() {
        return events;
    }

    public String title() {
        return title.get() == null ? transactionId.toString().substring(0, 8) : title.get();
    }

    /** What was acquired, once known: the first event may arrive before its transaction is readable. */
    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    void title(String value) {
        if (value != null) {
            title.set(value);
        }
    }

    public Instant lastActivity() {
        return events.isEmpty() ? Instant.EPOCH : events.get(events.size() - 1).at();
    }

    public boolean finished() {
        return !events.isEmpty() && events.stream().anyMatch(e -> e instanceof ProtocolEvent.Finished);
    }

    @Override
    public String toString() {
        return title() + "  (" + transactionId.toString().substring(0, 8) + ")";
    }
}

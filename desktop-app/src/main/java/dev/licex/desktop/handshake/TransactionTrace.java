package dev.licex.desktop.handshake;

import dev.licex.protocol.event.ProtocolEvent;
import java.time.Instant;
import java.util.UUID;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Every event of one transaction, on both sides, in the order they happened. */
public final class TransactionTrace {

    private final UUID transactionId;
    private final ObservableList<ProtocolEvent> events = FXCollections.observableArrayList();
    private String title;

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
        return title == null ? transactionId.toString().substring(0, 8) : title;
    }

    void title(String value) {
        if (value != null) {
            title = value;
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

package dev.licex.desktop.catalog;

import dev.licex.protocol.event.ProtocolEvent;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One acquisition running in the background: which leg it is on, how many retries, and how it ended. */
public final class AcquisitionActivity {

    private final String title;
    private volatile UUID transactionId;
    private final StringProperty step = new SimpleStringProperty("storing the transaction id");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty finished = new SimpleBooleanProperty(false);
    private int retries;

    public AcquisitionActivity(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public UUID transactionId() {
        return transactionId;
    }

    void started(UUID tid) {
        this.transactionId = tid;
    }

    /** Follows the client engine's events of this transaction; call on the UI thread. */
    void on(ProtocolEvent event) {
        switch (event) {
            case ProtocolEvent.MessageSent sent -> {
                step.set("leg " + sent.leg().label() + (sent.attempt() > 1 ? " (retry " + (sent.attempt() - 1) + ")"
                        : "") + (retries > 0 ? ", " + retries + " retries so far" : ""));
                progress.set(Math.max(progress.get(), (sent.leg().number() - 0.5) / 6.0));
            }
            case ProtocolEvent.MessageReceived received -> progress.set(Math.max(progress.get(),
                    received.leg().number() / 6.0));
            case ProtocolEvent.RetryScheduled retry -> {
                retries++;
                step.set("retrying leg " + retry.leg().label() + " in " + retry.delayMillis() + " ms: " + retry.reason());
            }
            case ProtocolEvent.MessageLost lost -> step.set("leg " + lost.leg().label() + " got no answer: "
                    + lost.reason());
            default -> {
                // stored, paused and other events do not change the progress shown
            }
        }
    }

    void finish(String outcome) {
        step.set(outcome);
        progress.set(outcome.startsWith("done") ? 1 : progress.get());
        finished.set(true);
    }

    public ReadOnlyStringProperty stepProperty() {
        return step;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished;
    }

}

package dev.licex.desktop.handshake;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.json.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javax.imageio.ImageIO;

/**
 * The handshake view's state: which transaction is shown, how far into it (the cursor), and the
 * frame to draw there. Live, it follows the newest transaction to its latest event; in replay the
 * cursor moves back and forth. Step mode holds the device's engine before every leg.
 */
public final class HandshakeViewModel implements AutoCloseable {

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final Runnable changed;
    private final TraceRecorder recorder;
    private final ObjectProperty<TransactionTrace> trace = new SimpleObjectProperty<>();
    private final IntegerProperty cursor = new SimpleIntegerProperty(-1);
    private final IntegerProperty last = new SimpleIntegerProperty(-1);
    private final BooleanProperty live = new SimpleBooleanProperty(true);
    private final BooleanProperty stepping = new SimpleBooleanProperty(false);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(2);
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final ObjectProperty<HandshakeFrame> frame = new SimpleObjectProperty<>(
            FrameBuilder.build(List.of(), -1));
    private final ListChangeListener<ProtocolEvent> onEvent = change -> eventsChanged();

    /** @param changed told when an acquisition started here has ended, so other views refresh */
    public HandshakeViewModel(LicexSession session, Threads threads, Consumer<Notice> notices, Runnable changed) {
        this.session = session;
        this.threads = threads;
        this.notices = notices;
        this.changed = changed;
        this.recorder = new TraceRecorder(session, threads);
        recorder.traces().addListener((ListChangeListener<TransactionTrace>) change -> {
            if (live.get() && !recorder.traces().isEmpty() && recorder.traces().get(0) != trace.get()) {
                trace.set(recorder.traces().get(0));
            }
        });
        trace.addListener((o, old, now) -> {
            if (old != null) {
                old.events().removeListener(onEvent);
            }
            if (now != null) {
                now.events().addListener(onEvent);
            }
            cursor.set(-1);
            eventsChanged();
            if (!live.get()) {
                cursor.set(now == null ? -1 : now.events().size() - 1);
            }
        });
        cursor.addListener((o, a, b) -> redraw());
        stepping.addListener((o, a, on) -> {
            if (on) {
                session.gate().pause();
                notices.accept(Notice.warning("Step mode is on", "Every transaction of this device, wherever it "
                        + "was started, now waits before each leg until you press Next in Handshake or turn step "
                        + "mode off."));
            } else {
                session.gate().runToEnd();
            }
        });
    }

    private void eventsChanged() {
        TransactionTrace current = trace.get();
        last.set(current == null ? -1 : current.events().size() - 1);
        if (live.get() || cursor.get() > last.get()) {
            cursor.set(last.get());
        }
        redraw();
    }

    private void redraw() {
        TransactionTrace current = trace.get();
        frame.set(FrameBuilder.build(current == null ? List.of() : current.events(), cursor.get()));
    }

    /** Starts an acquisition from here, to watch (and in step mode, to walk through) its handshake. */
    public void acquire(String offerId, String title) {
        live.set(true);
        threads.run(() -> {
            ClientTransaction tx = session.engine().begin(offerId, title);
            return session.engine().drive(tx.transactionId());
        }, outcome -> {
            notices.accept(Messages.forOutcome(title, outcome));
            changed.run();
        }, e -> {
            notices.accept(Notice.error("Could not acquire " + title, Messages.describe(e)));
            changed.run();
        });
    }

    /** In step mode, lets the waiting leg go. */
    public void next() {
        session.gate().next();
    }

    /** Leaves step mode and lets the transaction run to its end. */
    public void runToEnd() {
        stepping.set(false);
    }

    public void forward() {
        live.set(false);
        if (cursor.get() < last.get()) {
            cursor.set(cursor.get() + 1);
        } else {
            playing.set(false);
        }
    }

    public void back() {
        live.set(false);
        playing.set(false);
        if (cursor.get() > 0) {
            cursor.set(cursor.get() - 1);
        }
    }

    public void rewind() {
        live.set(false);
        cursor.set(last.get() < 0 ? -1 : 0);
    }

    /** Replays the shown transaction from its start at the chosen speed. */
    public void replay() {
        rewind();
        playing.set(true);
    }

    /** Shows a past transaction from its recorded events. */
    public void show(TransactionTrace chosen) {
        if (chosen == trace.get()) {
            return;
        }
        live.set(chosen == recorder.traces().stream().findFirst().orElse(null) && !chosen.finished());
        trace.set(chosen);
    }

    public void followLive() {
        live.set(true);
        if (!recorder.traces().isEmpty()) {
            trace.set(recorder.traces().get(0));
        }
        cursor.set(last.get());
    }

    /** The shown trace as JSON: one object per event with its type, side, leg and time. */
    public String traceJson() {
        ArrayNode array = Json.mapper().createArrayNode();
        TransactionTrace current = trace.get();
        if (current != null) {
            for (ProtocolEvent event : current.events()) {
                ObjectNode node = Json.mapper().valueToTree(event);
                node.put("type", event.getClass().getSimpleName());
                array.add(node);
            }
        }
        try {
            return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(array);
        } catch (IOException e) {
            throw new IllegalStateException("the trace cannot be encoded", e);
        }
    }

    public void exportJson(Path file) {
        String json = traceJson();
        threads.run(() -> Files.writeString(file, json), written -> notices.accept(Notice.success("Trace exported",
                file.toString())), e -> notices.accept(Notice.error("Cannot export the trace", Messages.describe(e))));
    }

    /** Writes the diagram, already drawn into {@code image} on the UI thread, as a PNG file. */
    public void exportPng(BufferedImage image, Path file) {
        threads.run(() -> ImageIO.write(image, "png", file.toFile()), written -> notices.accept(
                Notice.success("Diagram exported", file.toString())),
                e -> notices.accept(Notice.error("Cannot export the diagram", Messages.describe(e))));
    }

    public boolean seesServer() {
        return recorder.seesServer();
    }

    public ObservableList<TransactionTrace> traces() {
        return recorder.traces();
    }

    public ObjectProperty<TransactionTrace> traceProperty() {
        return trace;
    }

    public IntegerProperty cursorProperty() {
        return cursor;
    }

    public IntegerProperty lastProperty() {
        return last;
    }

    public BooleanProperty liveProperty() {
        return live;
    }

    public BooleanProperty steppingProperty() {
        return stepping;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public BooleanProperty presentationProperty() {
        return presentation;
    }

    public ObjectProperty<HandshakeFrame> frameProperty() {
        return frame;
    }

    @Override
    public void close() {
        session.gate().runToEnd();
        recorder.close();
    }
}

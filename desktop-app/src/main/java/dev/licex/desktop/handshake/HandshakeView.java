package dev.licex.desktop.handshake;

import atlantafx.base.theme.Styles;
import dev.licex.desktop.common.Sections;
import dev.licex.protocol.message.CatalogItem;
import java.io.File;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The handshake: the sequence diagram of a transaction with what each side holds, an explanation
 * of the current step, step mode, replay, export and a presentation mode. Keys: N or F8 is Next,
 * Left and Right step through a replay, F5 runs to the end.
 */
public final class HandshakeView extends BorderPane {

    private final HandshakeViewModel model;
    private final SequenceDiagram diagram = new SequenceDiagram();
    private final Timeline player = new Timeline();

    public HandshakeView(HandshakeViewModel model, Supplier<List<CatalogItem>> offers) {
        this.model = model;
        setId("handshake-view");
        Label explanation = new Label();
        explanation.setId("handshake-explanation");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("explanation");
        explanation.setMaxWidth(Double.MAX_VALUE);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        model.frameProperty().addListener((o, a, frame) -> {
            explanation.setText(frame.explanation());
            diagram.show(frame, model.presentationProperty().get());
        });
        model.presentationProperty().addListener((o, a, large) -> {
            diagram.show(model.frameProperty().get(), large);
            explanation.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("large"), large);
        });
        explanation.setText(model.frameProperty().get().explanation());
        diagram.show(model.frameProperty().get(), false);
        diagram.setId("handshake-diagram");
        VBox content = new VBox(10, diagram, explanation);
        VBox.setVgrow(diagram, javafx.scene.layout.Priority.ALWAYS);
        VBox toolbars = new VBox(8, liveBar(offers), replayBar());
        setCenter(Sections.frame("Handshake", Sections.muted(model.seesServer()
                ? "Every message of a transaction between this device and the server, and what each side holds. "
                        + "Start an acquisition here, or pick any recorded transaction."
                : "Messages as this device sees them (the server's inside is visible with the embedded simulator)."),
                toolbars, content));
        player.setCycleCount(Animation.INDEFINITE);
        model.speedProperty().addListener((o, a, b) -> restartPlayer());
        model.playingProperty().addListener((o, a, playing) -> {
            if (playing) {
                restartPlayer();
            } else {
                player.stop();
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::shortcut);
    }

    private void shortcut(KeyEvent e) {
        if ((e.getCode() == KeyCode.N || e.getCode() == KeyCode.F8) && model.steppingProperty().get()) {
            model.next();
            e.consume();
        } else if (e.getCode() == KeyCode.F5) {
            model.runToEnd();
            e.consume();
        } else if (e.getCode() == KeyCode.RIGHT) {
            model.forward();
            e.consume();
        } else if (e.getCode() == KeyCode.LEFT) {
            model.back();
            e.consume();
        }
    }

    private void restartPlayer() {
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / model.speedProperty().get()),
                e -> model.forward()));
        if (model.playingProperty().get()) {
            player.play();
        }
    }

    private Node liveBar(Supplier<List<CatalogItem>> offers) {
        ComboBox<CatalogItem> offer = new ComboBox<>();
        offer.setId("handshake-offer");
        offer.setPromptText("Offer to acquire");
        offer.setPrefWidth(240);
        offer.setOnShowing(e -> offer.getItems().setAll(offers.get()));
        offer.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(CatalogItem item) {
                return item == null ? "" : item.title() + " (" + item.kind() + ")";
            }

            @Override
            public CatalogItem fromString(String text) {
                return null;
            }
        });
        Button start = new Button("Start", new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
        start.setId("handshake-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.disableProperty().bind(offer.valueProperty().isNull());
        start.setOnAction(e -> model.acquire(offer.getValue().offerId(), offer.getValue().title()));
        ToggleButton step = new ToggleButton("Step mode", new FontIcon(MaterialDesignS.STEP_FORWARD));
        step.setId("handshake-step");
        step.setTooltip(new Tooltip("Pause before every leg; Next sends it"));
        step.selectedProperty().bindBidirectional(model.steppingProperty());
        Button next = new Button("Next", new FontIcon(MaterialDesignS.SKIP_NEXT));
        next.setId("handshake-next");
        next.setTooltip(new Tooltip("Send the waiting leg (N or F8)"));
        next.disableProperty().bind(model.steppingProperty().not());
        next.setOnAction(e -> model.next());
        Button pause = new Button("Pause", new FontIcon(MaterialDesignP.PAUSE));
        pause.setId("handshake-pause");
        pause.setTooltip(new Tooltip("Stop before the next leg"));
        pause.disableProperty().bind(model.steppingProperty());
        pause.setOnAction(e -> model.steppingProperty().set(true));
        Button run = new Button("Run to end", new FontIcon(MaterialDesignF.FAST_FORWARD));
        run.setId("handshake-run");
        run.setTooltip(new Tooltip("Leave step mode and let the transaction finish (F5)"));
        run.disableProperty().bind(model.steppingProperty().not());
        run.setOnAction(e -> model.runToEnd());
        HBox bar = new HBox(8, offer, start, new Label("  "), step, next, pause, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node replayBar() {
        // A copy taken when the list opens: new transactions arriving at the top would otherwise
        // shift the selection and switch the shown transaction under the user.
        ComboBox<TransactionTrace> trace = new ComboBox<>();
        trace.setOnShowing(e -> trace.getItems().setAll(model.traces()));
        trace.setPromptText("No transaction recorded yet");
        trace.setId("handshake-trace");
        trace.setPrefWidth(240);
        trace.setValue(model.traceProperty().get());
        // The title may be found after the transaction is first shown; the combo box shows it then.
        ChangeListener<String> retitle = (o, a, title) -> {
            TransactionTrace shown = trace.getValue();
            trace.setValue(null);
            trace.setValue(shown);
        };
        if (model.traceProperty().get() != null) {
            model.traceProperty().get().titleProperty().addListener(retitle);
        }
        model.traceProperty().addListener((o, old, shown) -> {
            if (old != null) {
                old.titleProperty().removeListener(retitle);
            }
            if (shown != null) {
                shown.titleProperty().addListener(retitle);
            }
            trace.setValue(shown);
        });
        trace.setOnAction(e -> {
            if (trace.getValue() != null && trace.getValue() != model.traceProperty().get()) {
                model.show(trace.getValue());
            }
        });
        ToggleButton live = new ToggleButton("Live", new FontIcon(MaterialDesignC.CIRCLE_MEDIUM));
        live.setId("handshake-live");
        live.setTooltip(new Tooltip("Follow the newest transaction as it happens"));
        live.selectedProperty().bindBidirectional(model.liveProperty());
        live.setOnAction(e -> {
            if (live.isSelected()) {
                model.followLive();
            }
        });
        Button rewind = icon(MaterialDesignS.SKIP_PREVIOUS, "handshake-rewind", "Back to the first step");
        rewind.setOnAction(e -> model.rewind());
        Button back = icon(MaterialDesignS.STEP_BACKWARD, "handshake-back", "One step back (Left)");
        back.setOnAction(e -> model.back());
        Button replay = icon(MaterialDesignP.PLAY, "handshake-replay", "Replay from the start");
        replay.setOnAction(e -> model.replay());
        Button forward = icon(MaterialDesignS.STEP_FORWARD, "handshake-forward", "One step forward (Right)");
        forward.setOnAction(e -> model.forward());
        Slider speed = new Slider(0.5, 8, model.speedProperty().get());
        speed.setId("handshake-speed");
        speed.setPrefWidth(110);
        speed.setTooltip(new Tooltip("Replay speed, steps per second"));
        speed.valueProperty().bindBidirectional(model.speedProperty());
        Label position = Sections.muted("");
        position.setId("handshake-position");
        position.textProperty().bind(Bindings.createStringBinding(() -> model.lastProperty().get() < 0 ? ""
                : "step " + (model.cursorProperty().get() + 1) + " of " + (model.lastProperty().get() + 1),
                model.cursorProperty(), model.lastProperty()));
        Button png = new Button("PNG", new FontIcon(MaterialDesignI.IMAGE_OUTLINE));
        png.setId("handshake-export-png");
        png.setTooltip(new Tooltip("Export the diagram as a picture"));
        png.setOnAction(e -> exportPng());
        Button json = new Button("JSON", new FontIcon(MaterialDesignC.CODE_JSON));
        json.setId("handshake-export-json");
        json.setTooltip(new Tooltip("Export the trace's events"));
        json.setOnAction(e -> {
            File file = chooser("trace.json", "Trace (JSON)", "*.json").showSaveDialog(getScene().getWindow());
            if (file != null) {
                model.exportJson(file.toPath());
            }
        });
        ToggleButton present = new ToggleButton(null, new FontIcon(MaterialDesignP.PRESENTATION));
        present.setId("handshake-presentation");
        present.getStyleClass().add(Styles.BUTTON_ICON);
        present.setTooltip(new Tooltip("Presentation mode: large type for training rooms"));
        present.selectedProperty().bindBidirectional(model.presentationProperty());
        HBox bar = new HBox(8, trace, live, rewind, back, replay, forward, speed, position, Sections.spacer(), png,
                json, present);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void exportPng() {
        File file = chooser("handshake.png", "PNG picture", "*.png").showSaveDialog(getScene().getWindow());
        if (file != null) {
            model.exportPng(SwingFXUtils.fromFXImage(diagram.snapshotImage(), null), file.toPath());
        }
    }

    private static FileChooser chooser(String name, String description, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        chooser.setInitialFileName(name);
        return chooser;
    }

    private static Button icon(org.kordamp.ikonli.Ikon glyph, String id, String tip) {
        Button button = new Button(null, new FontIcon(glyph));
        button.setId(id);
        button.getStyleClass().add(Styles.BUTTON_ICON);
        button.setTooltip(new Tooltip(tip));
        return button;
    }
}

package dev.licex.desktop.faultlab;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.licex.desktop.common.Sections;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.simulator.chaos.ChaosProgress;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The fault lab: build a fault scenario leg by leg, restart the server, and run chaos against it. */
public final class FaultLabView extends BorderPane {

    private final FaultLabViewModel model;

    public FaultLabView(FaultLabViewModel model) {
        this.model = model;
        setId("faultlab-view");
        // A chaos run applies the scenario as it was when the run started; it stays so until the end.
        Node scenario = card("Scenario", scenarioTable());
        Node editor = card("Add a rule", editor());
        scenario.disableProperty().bind(model.chaosRunningProperty());
        editor.disableProperty().bind(model.chaosRunningProperty());
        VBox right = new VBox(14, scenario, chaosPane());
        VBox.setVgrow(right.getChildren().get(1), Priority.ALWAYS);
        HBox columns = new HBox(14, editor, right);
        HBox.setHgrow(right, Priority.ALWAYS);
        ScrollPane body = new ScrollPane(columns);
        body.setFitToWidth(true);
        body.setFitToHeight(true);
        body.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        setCenter(Sections.frame("Fault lab", Sections.muted("Break the network and the server on purpose, leg by "
                + "leg, and watch the protocol repair it. Rules apply to the simulator as soon as they change."),
                toolbar(), body));
    }

    private Node toolbar() {
        ComboBox<FaultPreset> presets = new ComboBox<>(FXCollections.observableArrayList(FaultPreset.ALL));
        presets.setId("faultlab-preset");
        presets.setPromptText("Presets");
        presets.setOnAction(e -> {
            FaultPreset chosen = presets.getValue();
            if (chosen != null) {
                model.usePreset(chosen);
            }
        });
        Button load = new Button("Load...", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        load.setId("faultlab-load");
        load.setOnAction(e -> {
            File file = chooser().showOpenDialog(getScene().getWindow());
            if (file != null) {
                model.load(file.toPath());
            }
        });
        Button save = new Button("Save...", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("faultlab-save");
        save.setOnAction(e -> {
            File file = chooser().showSaveDialog(getScene().getWindow());
            if (file != null) {
                model.save(file.toPath());
            }
        });
        Button clear = new Button("Clear", new FontIcon(MaterialDesignD.DELETE_SWEEP_OUTLINE));
        clear.setId("faultlab-clear");
        clear.setOnAction(e -> model.clearRules());
        Button restart = new Button("Restart server now", new FontIcon(MaterialDesignR.RESTART_ALERT));
        restart.setId("faultlab-restart");
        restart.getStyleClass().add(Styles.DANGER);
        restart.setOnAction(e -> model.restartServer());
        for (Node editing : new Node[] {presets, load, clear}) {
            editing.disableProperty().bind(model.chaosRunningProperty());
        }
        HBox bar = new HBox(10, presets, load, save, clear);
        if (model.isRemote()) {
            PasswordField admin = new PasswordField();
            admin.setId("faultlab-admin-token");
            admin.setPromptText("admin token");
            admin.textProperty().bindBidirectional(model.adminTokenProperty());
            admin.setOnAction(e -> model.refreshActive());
            bar.getChildren().add(admin);
        }
        bar.getChildren().addAll(Sections.spacer(), restart);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static FileChooser chooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Fault scenario");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Fault scenario (JSON)", "*.json"));
        chooser.setInitialFileName("faults.json");
        return chooser;
    }

    private Node editor() {
        ComboBox<Leg> leg = new ComboBox<>(FXCollections.observableArrayList(FaultLabViewModel.LEGS));
        leg.setId("rule-leg");
        leg.valueProperty().bindBidirectional(model.legProperty());
        ComboBox<FaultAction> action = new ComboBox<>(FXCollections.observableArrayList(FaultAction.values()));
        action.setId("rule-action");
        action.valueProperty().bindBidirectional(model.actionProperty());
        ComboBox<FaultLabViewModel.Firing> firing = new ComboBox<>(
                FXCollections.observableArrayList(FaultLabViewModel.Firing.values()));
        firing.setId("rule-firing");
        firing.valueProperty().bindBidirectional(model.firingProperty());
        Spinner<Integer> times = new Spinner<>(1, 1000, model.timesProperty().get());
        times.setId("rule-times");
        times.getValueFactory().valueProperty().addListener((o, a, v) -> model.timesProperty().set(v));
        Spinner<Double> probability = new Spinner<>(0.0, 1.0, model.probabilityProperty().get(), 0.05);
        probability.setId("rule-probability");
        probability.getValueFactory().valueProperty().addListener((o, a, v) -> model.probabilityProperty().set(v));
        Spinner<Integer> delay = new Spinner<>(0, FaultRule.MAX_DELAY_MS, model.delayMsProperty().get(), 250);
        delay.setId("rule-delay");
        delay.getValueFactory().valueProperty().addListener((o, a, v) -> model.delayMsProperty().set(v));
        Spinner<Integer> status = new Spinner<>(400, 599, model.errorStatusProperty().get());
        status.setId("rule-status");
        status.getValueFactory().valueProperty().addListener((o, a, v) -> model.errorStatusProperty().set(v));
        for (Spinner<?> spinner : new Spinner<?>[] {times, probability, delay, status}) {
            spinner.setEditable(true);
            spinner.setPrefWidth(120);
        }
        times.disableProperty().bind(model.firingProperty().isNotEqualTo(FaultLabViewModel.Firing.TIMES));
        probability.disableProperty().bind(model.firingProperty().isNotEqualTo(FaultLabViewModel.Firing.PROBABILITY));
        delay.disableProperty().bind(model.actionProperty().isNotEqualTo(FaultAction.DELAY));
        status.disableProperty().bind(model.actionProperty().isNotEqualTo(FaultAction.ERROR));
        Button add = new Button("Add rule", new FontIcon(MaterialDesignP.PLUS));
        add.setId("rule-add");
        add.getStyleClass().add(Styles.ACCENT);
        add.setDefaultButton(false);
        add.setOnAction(e -> model.addRule());
        Label error = new Label();
        error.setId("rule-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.setMaxWidth(300);
        error.textProperty().bind(model.editorErrorProperty());
        GridPane grid = new GridPane(10, 8);
        String[] labels = {"Leg", "Action", "Fires", "Times", "Probability", "Delay (ms)", "Error status"};
        Node[] fields = {leg, action, firing, times, probability, delay, status};
        for (int i = 0; i < labels.length; i++) {
            Label label = new Label(labels[i]);
            label.setMinWidth(Region.USE_PREF_SIZE);
            grid.add(label, 0, i);
            grid.add(fields[i], 1, i);
        }
        for (ComboBox<?> box : new ComboBox<?>[] {leg, action, firing}) {
            box.setPrefWidth(200);
        }
        add.setMinWidth(Region.USE_PREF_SIZE);
        VBox editor = new VBox(12, grid, add, error);
        editor.setMinWidth(Region.USE_PREF_SIZE);
        return editor;
    }

    private Node scenarioTable() {
        TableView<FaultRule> table = new TableView<>(model.scenario());
        table.setId("faultlab-rules");
        table.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        table.setPlaceholder(new Label("No faults: every message arrives. Add a rule or pick a preset."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Leg", 90, rule -> rule.leg().name()));
        table.getColumns().add(column("Action", 170, rule -> rule.action().name()));
        table.getColumns().add(column("Fires", 130, FaultLabView::firing));
        table.getColumns().add(column("Detail", 110, rule -> rule.action() == FaultAction.DELAY ? rule.delay() + " ms"
                : rule.action() == FaultAction.ERROR ? "status " + rule.errorStatus() : ""));
        TableColumn<FaultRule, FaultRule> remove = new TableColumn<>("");
        remove.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        remove.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FaultRule rule, boolean empty) {
                super.updateItem(rule, empty);
                if (empty || rule == null) {
                    setGraphic(null);
                    return;
                }
                Button delete = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
                delete.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
                delete.setOnAction(e -> model.remove(rule));
                setGraphic(delete);
            }
        });
        remove.setPrefWidth(48);
        table.getColumns().add(remove);
        table.setPrefHeight(170);
        table.setMinHeight(120);
        Label status = Sections.muted("");
        status.setId("faultlab-status");
        status.textProperty().bind(model.statusProperty());
        Tooltip active = new Tooltip();
        active.textProperty().bind(Bindings.createStringBinding(() -> model.active().isEmpty() ? "No rules"
                : "On the server now:\n" + String.join("\n", model.active().stream().map(FaultRule::describe).toList()),
                model.active()));
        status.setTooltip(active);
        VBox box = new VBox(8, table, status);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private static String firing(FaultRule rule) {
        if (rule.times() != null) {
            return rule.times() == 1 ? "once" : rule.times() + " times";
        }
        if (rule.probability() != null) {
            return Math.round(rule.probability() * 1000) / 10.0 + " %";
        }
        return "always";
    }

    private Node chaosPane() {
        Spinner<Integer> count = new Spinner<>(1, 100_000, model.chaosAcquisitionsProperty().get(), 50);
        count.setId("chaos-acquisitions");
        count.setEditable(true);
        count.setPrefWidth(120);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.getValueFactory().valueProperty().addListener((o, a, v) -> model.chaosAcquisitionsProperty().set(v));
        model.chaosAcquisitionsProperty().addListener((o, a, v) -> count.getValueFactory().setValue(v.intValue()));
        Button run = new Button("Run chaos", new FontIcon(MaterialDesignP.PLAY));
        run.setId("chaos-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(model.chaosRunningProperty());
        run.setOnAction(e -> model.runChaos());
        ProgressBar progress = new ProgressBar(0);
        progress.setId("chaos-progress");
        progress.setPrefWidth(220);
        progress.progressProperty().bind(model.chaosFractionProperty());
        Label phase = Sections.muted("");
        phase.textProperty().bind(model.chaosPhaseProperty());
        Label label = new Label("Acquisitions");
        label.setMinWidth(Region.USE_PREF_SIZE);
        run.setMinWidth(Region.USE_PREF_SIZE);
        progress.setMinWidth(80);
        phase.setWrapText(false);
        HBox controls = new HBox(10, label, count, run, progress, phase);
        controls.setAlignment(Pos.CENTER_LEFT);

        Label verdict = new Label();
        verdict.setId("chaos-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.setMaxWidth(Double.MAX_VALUE);
        verdict.getStyleClass().add("verdict");
        verdict.textProperty().bind(model.verdictProperty());
        verdict.visibleProperty().bind(model.verdictProperty().isNotEmpty());
        verdict.managedProperty().bind(verdict.visibleProperty());
        model.chaosResultProperty().addListener((o, a, result) -> {
            verdict.getStyleClass().removeAll("holds", "broken");
            if (result != null) {
                verdict.getStyleClass().add(result.holds() ? "holds" : "broken");
            }
        });
        Label details = Sections.muted("");
        details.setId("chaos-details");
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.textProperty().bind(model.verdictDetailsProperty());
        VBox box = new VBox(10, controls, chart(), verdict, details);
        VBox.setVgrow(box.getChildren().get(1), Priority.ALWAYS);
        return card("Chaos run", box);
    }

    private Node chart() {
        NumberAxis time = new NumberAxis();
        time.setLabel("seconds");
        time.setForceZeroInRange(true);
        NumberAxis count = new NumberAxis();
        count.setLabel("count");
        LineChart<Number, Number> chart = new LineChart<>(time, count);
        chart.setId("chaos-chart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setMinHeight(150);
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        chart.setPrefHeight(220);
        XYChart.Series<Number, Number> completed = new XYChart.Series<>();
        completed.setName("completed");
        XYChart.Series<Number, Number> retries = new XYChart.Series<>();
        retries.setName("retries");
        Map<String, XYChart.Series<Number, Number>> faults = new HashMap<>();
        model.chaosSamples().addListener((ListChangeListener<ChaosProgress>) change -> {
            while (change.next()) {
                if (change.wasRemoved() && model.chaosSamples().isEmpty()) {
                    faults.clear();
                    completed.getData().clear();
                    retries.getData().clear();
                    chart.getData().setAll(java.util.List.of(completed, retries));
                }
                for (ChaosProgress p : change.getAddedSubList()) {
                    double t = p.elapsedMillis() / 1000.0;
                    completed.getData().add(new XYChart.Data<>(t, p.completed()));
                    retries.getData().add(new XYChart.Data<>(t, p.retries()));
                    p.faults().forEach((kind, n) -> faults.computeIfAbsent(kind, k -> {
                        XYChart.Series<Number, Number> series = new XYChart.Series<>();
                        series.setName(k);
                        chart.getData().add(series);
                        return series;
                    }).getData().add(new XYChart.Data<>(t, n)));
                }
            }
        });
        chart.getData().setAll(java.util.List.of(completed, retries));
        return chart;
    }

    private static VBox card(String title, Node content) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        VBox card = new VBox(10, heading, content);
        card.getStyleClass().add("lab-card");
        card.setPadding(new Insets(12, 14, 12, 14));
        VBox.setVgrow(content, Priority.ALWAYS);
        return card;
    }

    private static TableColumn<FaultRule, String> column(String name, double width, Function<FaultRule, String> value) {
        TableColumn<FaultRule, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}

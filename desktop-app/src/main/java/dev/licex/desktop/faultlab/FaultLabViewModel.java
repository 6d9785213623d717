package dev.licex.desktop.faultlab;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.json.Json;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.catalog.DemoCatalog;
import dev.licex.simulator.chaos.ChaosProgress;
import dev.licex.simulator.chaos.ChaosResult;
import dev.licex.simulator.chaos.ChaosRun;
import dev.licex.simulator.chaos.ChaosSettings;
import dev.licex.simulator.chaos.ChaosTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The fault lab's state: the scenario being built (applied to the simulator on every change),
 * the rules the simulator has now, the rule editor, and the chaos run with its progress and verdict.
 */
public final class FaultLabViewModel implements AutoCloseable {

    /** How a rule fires. */
    public enum Firing {
        TIMES("a number of times"), PROBABILITY("with a probability"), ALWAYS("every time");

        private final String label;

        Firing(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final List<Leg> LEGS = List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE, Leg.CANCEL);
    private static final int CHAOS_DEVICES = 4;
    private static final int CHAOS_CONCURRENCY = 8;

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final ObservableList<FaultRule> scenario = FXCollections.observableArrayList();
    private final ObservableList<FaultRule> active = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty adminToken = new SimpleStringProperty("");
    private final ObjectProperty<Leg> leg = new SimpleObjectProperty<>(Leg.REQUEST);
    private final ObjectProperty<FaultAction> action = new SimpleObjectProperty<>(FaultAction.DROP_RESPONSE);
    private final ObjectProperty<Firing> firing = new SimpleObjectProperty<>(Firing.TIMES);
    private final IntegerProperty times = new SimpleIntegerProperty(1);
    private final DoubleProperty probability = new SimpleDoubleProperty(0.2);
    private final IntegerProperty delayMs = new SimpleIntegerProperty(2_000);
    private final IntegerProperty errorStatus = new SimpleIntegerProperty(503);
    private final StringProperty editorError = new SimpleStringProperty("");
    private final IntegerProperty chaosAcquisitions = new SimpleIntegerProperty(200);
    private final BooleanProperty chaosRunning = new SimpleBooleanProperty(false);
    private final ObservableList<ChaosProgress> chaosSamples = FXCollections.observableArrayList();
    private final DoubleProperty chaosFraction = new SimpleDoubleProperty(0);
    private final StringProperty chaosPhase = new SimpleStringProperty("");
    private final ObjectProperty<ChaosResult> chaosResult = new SimpleObjectProperty<>();
    private final StringProperty verdict = new SimpleStringProperty("");
    private final StringProperty verdictDetails = new SimpleStringProperty("");
    /** One at a time, in order: rules applied in another order than they were set would not be what the table shows. */
    private final Threads inOrder;

    public FaultLabViewModel(LicexSession session, Threads threads, Consumer<Notice> notices) {
        this.session = session;
        this.threads = threads;
        this.inOrder = threads.serial("licex-faults");
        this.notices = notices;
        scenario.addListener((ListChangeListener<FaultRule>) change -> apply());
        if (remote()) {
            status.set("Faults go to the simulator at " + session.choice().url().trim() + " through its admin API: "
                    + "enter its admin token (the server was started with --simulator --admin-token).");
        } else {
            control().onChange(() -> threads.onUi(this::refreshActive));
            refreshActive();
        }
    }

    private boolean remote() {
        return session.simulator() == null;
    }

    /**
     * The embedded simulator's chaos runs acquire as the demo account bob, so that what the user
     * does as alice meanwhile cannot disturb the run's conservation check.
     */
    FaultControl control() {
        RightsServer simulator = session.simulator();
        if (simulator != null) {
            return new EmbeddedFaultControl(simulator, DemoCatalog.BOB_TOKEN);
        }
        return new RemoteFaultControl(URI.create(session.choice().url().trim()), session.choice().token().trim(),
                adminToken.get().trim());
    }

    /** Adds the rule in the editor, or says what is wrong with it. */
    public boolean addRule() {
        try {
            FaultRule rule = new FaultRule(leg.get(), action.get(),
                    firing.get() == Firing.TIMES ? times.get() : null,
                    firing.get() == Firing.PROBABILITY ? probability.get() : null,
                    action.get() == FaultAction.DELAY ? delayMs.get() : null,
                    action.get() == FaultAction.ERROR ? errorStatus.get() : null).validated();
            editorError.set("");
            scenario.add(rule);
            return true;
        } catch (IllegalArgumentException e) {
            editorError.set("This rule cannot be used: " + e.getMessage() + ".");
            return false;
        }
    }

    public void remove(FaultRule rule) {
        scenario.remove(rule);
    }

    public void clearRules() {
        scenario.clear();
    }

    public void usePreset(FaultPreset preset) {
        scenario.setAll(preset.rules());
        notices.accept(Notice.info(preset.name(), preset.description()));
    }

    /** Sends the scenario to the simulator; the simulator's answer becomes the active list. */
    public void apply() {
        List<FaultRule> rules = List.copyOf(scenario);
        FaultControl control = control();
        inOrder.run(() -> {
            control.apply(rules);
            return control.active();
        }, now -> {
            active.setAll(now);
            status.set(describeActive(now.size(), control));
        }, e -> {
            status.set("The faults could not be applied: " + Messages.describe(e));
            notices.accept(Notice.error("Faults not applied", Messages.describe(e)));
        });
    }

    public void refreshActive() {
        FaultControl control = control();
        inOrder.run(control::active, now -> {
            active.setAll(now);
            status.set(describeActive(now.size(), control));
        }, e -> status.set("Cannot read the active faults: " + Messages.describe(e)));
    }

    private static String describeActive(int count, FaultControl control) {
        return count == 0 ? "No faults active on " + control.describe() + ": every message arrives."
                : count + (count == 1 ? " rule" : " rules") + " active on " + control.describe() + ".";
    }

    /** Crashes the simulator on purpose; it comes back from its database. */
    public void restartServer() {
        FaultControl control = control();
        inOrder.run(() -> {
            control.restart();
            return control.describe();
        }, which -> notices.accept(Notice.warning("Server restarted", "Every connection to " + which + " was cut and "
                + "its memory rebuilt from the database. Transactions in flight retry and carry on.")),
                e -> notices.accept(Notice.error("Cannot restart the server", Messages.describe(e))));
    }

    /** Writes the scenario in the format of {@code licex server --faults}. */
    public void save(Path file) {
        List<FaultRule> rules = List.copyOf(scenario);
        threads.run(() -> {
            Files.write(file, Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(rules));
            return file;
        }, saved -> notices.accept(Notice.success("Scenario saved", saved + "  (use it with licex server --faults)")),
                e -> notices.accept(Notice.error("Cannot save the scenario", Messages.describe(e))));
    }

    public void load(Path file) {
        threads.run(() -> RightsServer.readScenario(file), rules -> {
            scenario.setAll(rules);
            notices.accept(Notice.success("Scenario loaded", rules.size() + " rules from " + file.getFileName()));
        }, e -> notices.accept(Notice.error("Cannot load the scenario", Messages.describe(e))));
    }

    /**
     * N acquisitions from several fresh devices under the scenario, then recovery with faults off
     * and the conservation check: the engine of {@code licex chaos}.
     */
    public void runChaos() {
        if (chaosRunning.get()) {
            return;
        }
        List<FaultRule> rules = List.copyOf(scenario);
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        ChaosSettings settings = new ChaosSettings(chaosAcquisitions.get(), 0, seed, CHAOS_DEVICES, CHAOS_CONCURRENCY);
        FaultControl control = control();
        chaosRunning.set(true);
        chaosSamples.clear();
        chaosFraction.set(0);
        chaosPhase.set("");
        chaosResult.set(null);
        verdict.set("");
        verdictDetails.set("Running " + settings.acquisitions() + " acquisitions under " + rules.size()
                + " fault rules, then recovery with the faults off, then the conservation check.");
        threads.run(() -> {
            Path work = Files.createTempDirectory("licex-chaos-");
            try {
                try (ChaosTarget target = control.chaosTarget()) {
                    return new ChaosRun(settings, rules, target, work, p -> threads.onUi(() -> progressed(p))).run();
                } finally {
                    control.apply(rules);
                }
            } finally {
                deleteQuietly(work);
            }
        }, result -> {
            chaosResult.set(result);
            verdict.set(headline(result));
            verdictDetails.set(details(result));
            // last, so whoever sees the run end also sees its verdict
            chaosRunning.set(false);
            refreshActive();
        }, e -> {
            verdict.set("");
            verdictDetails.set("The chaos run stopped: " + Messages.describe(e));
            chaosRunning.set(false);
            notices.accept(Notice.error("Chaos run failed", Messages.describe(e)));
        });
    }

    private void progressed(ChaosProgress sample) {
        chaosSamples.add(sample);
        chaosFraction.set((double) sample.finished() / sample.total());
        chaosPhase.set(sample.phase().toLowerCase(Locale.ROOT) + ": " + sample.finished() + " of " + sample.total()
                + " driven, " + sample.completed() + " completed, " + sample.retries() + " retries");
    }

    static String headline(ChaosResult result) {
        return result.holds() ? "Exactly once held" : "Exactly once BROKEN: " + String.join("; ",
                result.check().problems());
    }

    static String details(ChaosResult result) {
        var check = result.check();
        return check.issued() + " issued, " + check.held() + " held, " + check.duplicated() + " duplicated, "
                + check.lost() + " lost, " + check.pending() + " pending. " + result.settings().acquisitions()
                + " acquisitions, " + result.retries() + " retries, " + result.faultsInjected().values().stream()
                .mapToLong(Long::longValue).sum() + " faults injected, " + result.recovered()
                + " finished by recovery, " + result.durationMillis() / 1000.0 + " s (seed " + result.settings().seed()
                + ").";
    }

    /** The run's device stores are scratch; one left behind is reported, and does not spoil the verdict. */
    private void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            threads.onUi(() -> notices.accept(Notice.warning("Chaos run's scratch files left behind",
                    folder + ": " + Messages.describe(e))));
        }
    }

    public boolean isRemote() {
        return remote();
    }

    public ObservableList<FaultRule> scenario() {
        return scenario;
    }

    public ObservableList<FaultRule> active() {
        return active;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty adminTokenProperty() {
        return adminToken;
    }

    public ObjectProperty<Leg> legProperty() {
        return leg;
    }

    public ObjectProperty<FaultAction> actionProperty() {
        return action;
    }

    public ObjectProperty<Firing> firingProperty() {
        return firing;
    }

    public IntegerProperty timesProperty() {
        return times;
    }

    public DoubleProperty probabilityProperty() {
        return probability;
    }

    public IntegerProperty delayMsProperty() {
        return delayMs;
    }

    public IntegerProperty errorStatusProperty() {
        return errorStatus;
    }

    public StringProperty editorErrorProperty() {
        return editorError;
    }

    public IntegerProperty chaosAcquisitionsProperty() {
        return chaosAcquisitions;
    }

    public BooleanProperty chaosRunningProperty() {
        return chaosRunning;
    }

    public ObservableList<ChaosProgress> chaosSamples() {
        return chaosSamples;
    }

    /** How far the run is, from 0 to 1. */
    public DoubleProperty chaosFractionProperty() {
        return chaosFraction;
    }

    /** What the run is doing now, in words. */
    public StringProperty chaosPhaseProperty() {
        return chaosPhase;
    }

    public ObjectProperty<ChaosResult> chaosResultProperty() {
        return chaosResult;
    }

    /** The conservation check's verdict in a few words; empty until a run ends. */
    public StringProperty verdictProperty() {
        return verdict;
    }

    /** The check's counts and the run's figures, or what the run is doing. */
    public StringProperty verdictDetailsProperty() {
        return verdictDetails;
    }

    @Override
    public void close() {
        inOrder.close();
    }
}

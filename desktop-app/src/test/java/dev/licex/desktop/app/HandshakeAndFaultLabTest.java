package dev.licex.desktop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.faultlab.FaultLabViewModel;
import dev.licex.desktop.handshake.DiagramRow;
import dev.licex.desktop.handshake.HandshakeFrame;
import dev.licex.desktop.handshake.HandshakeViewModel;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.simulator.RightsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The handshake view and the fault lab of the real app on its embedded simulator. */
class HandshakeAndFaultLabTest extends FxRobot {

    @TempDir
    Path home;
    LicexApp app;

    @BeforeEach
    void start() throws Exception {
        app = AppHarness.launch(home);
    }

    @AfterEach
    void stop() throws Exception {
        AppHarness.stop(app);
    }

    private HandshakeViewModel handshake() {
        return app.window().handshake();
    }

    private FaultLabViewModel lab() {
        return app.window().faultLab();
    }

    private HandshakeFrame awaitFrame(Predicate<HandshakeFrame> shown) {
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> {
            WaitForAsyncUtils.waitForFxEvents();
            return shown.test(handshake().frameProperty().get());
        });
        return handshake().frameProperty().get();
    }

    private static boolean pausedBefore(HandshakeFrame frame, Leg leg) {
        return frame.explanation().contains("ready to send " + leg.label());
    }

    private static List<DiagramRow> arrows(HandshakeFrame frame) {
        return frame.rows().stream().filter(r -> r.kind() == DiagramRow.Kind.ARROW).toList();
    }

    private LedgerLine ledger(String offerId) throws Exception {
        return AppHarness.session(app).connection().ledger().offers().stream()
                .filter(l -> l.offerId().equals(offerId)).findFirst().orElseThrow();
    }

    private void startAcquisition(String title) {
        CatalogItem offer = app.window().catalog().allOffers().stream().filter(o -> o.title().equals(title))
                .findFirst().orElseThrow();
        interact(() -> lookup("#handshake-offer").<CatalogItem>queryComboBox().setValue(offer));
        clickOn("#handshake-start");
    }

    @Test
    void steppingThroughAFullHandshakeWithNext() throws Exception {
        int stockBefore = ledger("music-blue-hour").stock();
        clickOn("#nav-handshake");
        clickOn("#handshake-step");
        startAcquisition("Blue Hour");

        HandshakeFrame frame = awaitFrame(f -> pausedBefore(f, Leg.OPEN));
        assertThat(frame.client().state()).isEqualTo("CREATED");
        assertThat(frame.client().holdsId()).isTrue();
        assertThat(frame.server()).as("the server knows nothing before leg 1").isNull();
        assertThat(arrows(frame)).isEmpty();
        assertThat(frame.clientBar()[1]).as("the device's holding bar is open").isEqualTo(-1);
        assertThat(frame.serverBar()).isNull();

        type(KeyCode.N);
        frame = awaitFrame(f -> pausedBefore(f, Leg.REQUEST));
        assertThat(frame.server().state()).isEqualTo("OPEN");
        assertThat(frame.client().state()).isEqualTo("OPENED");
        assertThat(arrows(frame)).extracting(DiagramRow::label).anySatisfy(l -> assertThat(l).startsWith("1 OPEN"))
                .anySatisfy(l -> assertThat(l).startsWith("2 OPENED"));
        assertThat(arrows(frame)).allMatch(r -> r.fate() == DiagramRow.Fate.ARRIVED);
        assertThat(frame.serverBar()[1]).as("the server holds T from leg 1").isEqualTo(-1);
        assertThat(ledger("music-blue-hour").stock()).isEqualTo(stockBefore);

        clickOn("#handshake-next");
        frame = awaitFrame(f -> pausedBefore(f, Leg.COMPLETE));
        assertThat(frame.server().state()).isEqualTo("ISSUED");
        assertThat(frame.server().stock()).isEqualTo(stockBefore - 1);
        assertThat(frame.client().state()).isEqualTo("RIGHTS_STORED");
        assertThat(frame.client().holdsRights()).isTrue();
        assertThat(frame.client().rightsId()).isEqualTo(frame.server().rightsId());

        type(KeyCode.N);
        frame = awaitFrame(f -> f.client() != null && f.client().state().equals("COMPLETED"));
        assertThat(frame.server().state()).isEqualTo("COMPLETED");
        assertThat(frame.client().holdsId()).as("T archived after leg 6").isFalse();
        assertThat(frame.clientBar()[1]).as("the device's bar ends").isGreaterThan(frame.clientBar()[0]);
        assertThat(frame.serverBar()[1]).as("the server's bar ends at completion").isGreaterThan(frame.serverBar()[0]);
        assertThat(arrows(frame)).hasSize(6);
        assertThat(AppHarness.session(app).store().rights()).hasSize(1);
        assertThat(ledger("music-blue-hour").issued()).isEqualTo(1);
    }

    @Test
    void losingTheRightsResponseOnceIsRepairedByOneRetryAndOneIssuance() throws Exception {
        clickOn("#nav-handshake");
        startAcquisition("Blue Hour");
        awaitFrame(f -> f.client() != null && f.client().state().equals("COMPLETED"));
        clickOn("#nav-fault_lab");
        clickOn("#faultlab-preset");
        clickOn("Lose the rights response once");
        RightsServer simulator = AppHarness.session(app).simulator();
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> simulator.faults().rules()
                .equals(List.of(FaultRule.once(Leg.REQUEST, FaultAction.DROP_RESPONSE))));

        clickOn("#nav-handshake");
        startAcquisition("Tiny Harbours");
        HandshakeFrame frame = awaitFrame(f -> f.client() != null && f.client().state().equals("COMPLETED"));
        assertThat(handshake().traceProperty().get().title()).as("the view follows the newest transaction")
                .isEqualTo("Tiny Harbours");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((javafx.scene.control.ListCell<?>) lookup("#handshake-trace .list-cell").query()).getText())
                .as("the chooser shows what was acquired").startsWith("Tiny Harbours");

        List<ProtocolEvent> events = handshake().traceProperty().get().events();
        assertThat(events).anyMatch(e -> e instanceof ProtocolEvent.FaultApplied f
                && f.action().equals("DROP_RESPONSE") && f.leg() == Leg.REQUEST);
        assertThat(events).anyMatch(e -> e instanceof ProtocolEvent.MessageSent s && s.leg() == Leg.REQUEST
                && s.attempt() == 2);
        assertThat(events).anyMatch(e -> e instanceof ProtocolEvent.Repeat r && r.leg() == Leg.REQUEST);
        assertThat(arrows(frame)).as("the lost answer is drawn ending in a cross")
                .anyMatch(r -> r.fate() == DiagramRow.Fate.LOST && r.label().startsWith("4 RIGHTS"));
        assertThat(frame.rows()).anyMatch(r -> r.kind() == DiagramRow.Kind.FAULT);
        assertThat(ledger("game-tiny-harbours").issued()).isEqualTo(1);
        assertThat(AppHarness.session(app).store().rights()).hasSize(2);
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> simulator.faults().rules().isEmpty());

        String json = handshake().traceJson();
        assertThat(json).contains("\"type\" : \"FaultApplied\"").contains("DROP_RESPONSE");
    }

    @Test
    void aSmallChaosRunEndsInAGreenVerdict() {
        clickOn("#nav-fault_lab");
        clickOn("#faultlab-preset");
        clickOn("Flaky network (20% loss)");
        interact(() -> lab().chaosAcquisitionsProperty().set(60));
        clickOn("#chaos-run");

        Awaitility.await().atMost(AppHarness.PATIENCE.multipliedBy(4)).until(() -> {
            WaitForAsyncUtils.waitForFxEvents();
            return !lab().chaosRunningProperty().get();
        });
        // the run may have ended while the FX thread was still in its callback
        WaitForAsyncUtils.waitForFxEvents();
        Label verdict = lookup("#chaos-verdict").queryAs(Label.class);
        assertThat(verdict.getText()).as(lookup("#chaos-details").queryAs(Label.class).getText())
                .isEqualTo("Exactly once held");
        assertThat(lookup("#chaos-details").queryAs(Label.class).getText()).startsWith("60 issued, 60 held, 0 duplicated, "
                + "0 lost, 0 pending");
        assertThat(verdict.getStyleClass()).contains("holds");
        assertThat(lab().chaosResultProperty().get().faultsInjected().values().stream().mapToLong(Long::longValue)
                .sum()).as("faults were injected").isPositive();
        assertThat(lab().chaosSamples()).isNotEmpty();
        assertThat(AppHarness.session(app).simulator().faults().rules()).as("the lab's rules are back after the run")
                .hasSize(6);
    }

    @Test
    void aRuleBuiltInTheEditorIsAppliedSavedAndReloaded() throws Exception {
        clickOn("#nav-fault_lab");
        interact(() -> {
            lab().legProperty().set(Leg.COMPLETE);
            lab().actionProperty().set(FaultAction.DELAY);
            lab().firingProperty().set(FaultLabViewModel.Firing.ALWAYS);
            lab().delayMsProperty().set(1500);
        });
        clickOn("#rule-add");
        interact(() -> {
            lab().legProperty().set(Leg.OPEN);
            lab().actionProperty().set(FaultAction.ERROR);
            lab().firingProperty().set(FaultLabViewModel.Firing.TIMES);
            lab().timesProperty().set(2);
            lab().errorStatusProperty().set(503);
        });
        clickOn("#rule-add");
        List<FaultRule> built = List.of(new FaultRule(Leg.COMPLETE, FaultAction.DELAY, null, null, 1500, null),
                new FaultRule(Leg.OPEN, FaultAction.ERROR, 2, null, null, 503));
        RightsServer simulator = AppHarness.session(app).simulator();
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> simulator.faults().rules().equals(built));
        assertThat(lookup("#faultlab-rules").queryAs(TableView.class).getItems()).hasSize(2);

        interact(() -> lab().probabilityProperty().set(1.5));
        interact(() -> lab().firingProperty().set(FaultLabViewModel.Firing.PROBABILITY));
        clickOn("#rule-add");
        assertThat(lookup("#rule-error").queryAs(Label.class).getText()).contains("\"probability\" must be between 0 "
                + "and 1");

        Path file = home.resolve("scenario.json");
        interact(() -> lab().save(file));
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> Files.exists(file) && Files.size(file) > 0);
        assertThat(RightsServer.readScenario(file)).as("the same format as licex server --faults").isEqualTo(built);

        clickOn("#faultlab-clear");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> simulator.faults().rules().isEmpty());
        interact(() -> lab().load(file));
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> simulator.faults().rules().equals(built));
        assertThat(lab().scenario()).isEqualTo(built);
    }
}

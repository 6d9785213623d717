package dev.licex.desktop.app;

import dev.licex.desktop.service.LicexSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.awaitility.Awaitility;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real app on a data directory of the test's and drives it. */
final class AppHarness {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private AppHarness() {
    }

    static LicexApp launch(Path home) throws TimeoutException {
        System.setProperty("licex.home", home.toString());
        FxToolkit.registerPrimaryStage();
        LicexApp app = (LicexApp) FxToolkit.setupApplication(LicexApp::new);
        Awaitility.await().atMost(PATIENCE).until(() -> app.shell() != null && app.shell().sessionProperty().get() != null
                && app.window().catalog() != null && !app.window().catalog().allOffers().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }

    static void stop(LicexApp app) throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        // Notifications and drop-downs are windows of their own; one left open could take the next test's clicks.
        FxToolkit.setupFixture(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
    }

    static LicexSession session(LicexApp app) {
        return app.shell().sessionProperty().get();
    }

    static int rows(FxRobot robot, String table) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(table).queryAs(TableView.class).getItems().size();
    }

    static String text(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Node node = robot.lookup(query).query();
        return ((Labeled) node).getText();
    }
}

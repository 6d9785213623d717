package dev.licex.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.settings.AppSettings;
import dev.licex.protocol.store.DataDirectories;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The licex desktop license manager. The window appears at once; the connection (by default the
 * embedded simulator with the demo catalog, signed in as the demo user) opens in the background.
 */
public class LicexApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(LicexApp.class);
    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    private Threads threads;
    private ShellViewModel shell;
    private MainWindow window;
    private Stage stage;
    private HealthWatch healthWatch;

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        threads = Threads.forApp(Platform::runLater);
        Notifier[] notifier = new Notifier[1];
        shell = new ShellViewModel(home(), threads, notice -> notifier[0].show(notice));
        window = new MainWindow(shell, threads, notice -> notifier[0].show(notice));
        AppSettings settings = shell.settings();
        Scene scene = new Scene(window, settings.width(), settings.height());
        scene.getStylesheets().add(Objects.requireNonNull(LicexApp.class.getResource("/dev/licex/desktop/licex.css"))
                .toExternalForm());
        applyTheme(shell.darkProperty().get());
        shell.darkProperty().addListener((o, a, dark) -> applyTheme(dark));
        primary.setTitle("licex");
        ICON_SIZES.forEach(size -> primary.getIcons().add(new Image(Objects.requireNonNull(
                LicexApp.class.getResourceAsStream("/dev/licex/desktop/icons/licex-" + size + ".png")))));
        primary.setScene(scene);
        primary.setMinWidth(820);
        primary.setMinHeight(560);
        if (!Double.isNaN(settings.x()) && !Double.isNaN(settings.y())) {
            primary.setX(settings.x());
            primary.setY(settings.y());
        }
        notifier[0] = new Notifier(primary);
        primary.setOnCloseRequest(e -> shell.rememberBounds(primary.getX(), primary.getY(), primary.getWidth(),
                primary.getHeight()));
        primary.show();
        primary.requestFocus();
        reportStartup();
        shell.start();
        healthWatch = new HealthWatch(shell);
        healthWatch.start();
        String screenshots = System.getProperty("licex.screenshots");
        if (screenshots != null) {
            takeScreenshotsWhenReady(Path.of(screenshots));
        }
    }

    private void takeScreenshotsWhenReady(Path folder) {
        onFirstCatalogLoaded(() -> new ScreenshotTour(this, folder).start());
    }

    private void onFirstCatalogLoaded(Runnable action) {
        FirstCatalogLoad.then(shell.sessionProperty(),
                () -> window.catalog() == null ? null : window.catalog().loadingProperty(), action);
    }

    /**
     * Logs how long the process took to show a usable window with its catalog loaded; with
     * {@code -Dlicex.exitWhenReady=true} it then quits, which is how start-up time is measured.
     */
    private void reportStartup() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        onFirstCatalogLoaded(() -> {
            LOG.info("usable window with the catalog after {} ms", System.currentTimeMillis() - jvmStart);
            if (Boolean.getBoolean("licex.exitWhenReady")) {
                Platform.exit();
            }
        });
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** The data directory; tests point it elsewhere with the {@code licex.home} system property. */
    protected Path home() {
        return DataDirectories.home();
    }

    public ShellViewModel shell() {
        return shell;
    }

    public MainWindow window() {
        return window;
    }

    public Stage stage() {
        return stage;
    }

    @Override
    public void stop() {
        if (healthWatch != null) {
            healthWatch.stop();
        }
        if (shell != null) {
            shell.close();
        }
        if (threads != null) {
            threads.close();
        }
    }
}

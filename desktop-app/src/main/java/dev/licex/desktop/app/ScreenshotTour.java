package dev.licex.desktop.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks through every screen of the real window and saves each as a PNG, then quits: how the
 * pictures in the README are made ({@code -Dlicex.screenshots=DIR}, under Xvfb).
 */
final class ScreenshotTour {

    private static final Logger LOG = LoggerFactory.getLogger(ScreenshotTour.class);

    private final LicexApp app;
    private final Path folder;
    private final Deque<Runnable> steps = new ArrayDeque<>();

    ScreenshotTour(LicexApp app, Path folder) {
        this.app = app;
        this.folder = folder;
    }

    void start() {
        MainWindow window = app.window();
        steps.add(() -> window.select(MainWindow.Section.CATALOG));
        steps.add(() -> shoot("catalog"));
        steps.add(() -> {
            var offers = window.catalog().allOffers();
            window.catalog().acquire(offers.get(0));
            window.catalog().acquire(offers.get(20));
            window.catalog().acquire(offers.get(31));
        });
        steps.add(() -> shoot("catalog-acquiring"));
        steps.add(() -> window.select(MainWindow.Section.LICENSES));
        steps.add(() -> selectFirst("#licenses-table"));
        steps.add(() -> shoot("licenses"));
        steps.add(() -> window.select(MainWindow.Section.TRANSACTIONS));
        steps.add(() -> selectFirst("#transactions-table"));
        steps.add(() -> shoot("transactions"));
        steps.add(() -> window.select(MainWindow.Section.CONNECTION));
        steps.add(() -> shoot("connection"));
        steps.add(() -> {
            app.shell().darkProperty().set(true);
            window.select(MainWindow.Section.CATALOG);
        });
        steps.add(() -> shoot("catalog-dark"));
        steps.add(() -> app.shell().darkProperty().set(false));
        steps.add(Platform::exit);
        next();
    }

    private void selectFirst(String selector) {
        TableView<?> table = (TableView<?>) app.stage().getScene().lookup(selector);
        if (table != null && !table.getItems().isEmpty()) {
            table.getSelectionModel().selectFirst();
        }
    }

    private void next() {
        Runnable step = steps.poll();
        if (step == null) {
            return;
        }
        step.run();
        PauseTransition settle = new PauseTransition(Duration.millis(900));
        settle.setOnFinished(e -> next());
        settle.play();
    }

    private void shoot(String name) {
        Scene scene = app.stage().getScene();
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", file.toFile());
            LOG.info("saved {}", file);
        } catch (IOException e) {
            LOG.error("cannot save the screenshot {}: {}", name, e.getMessage());
        }
    }
}

package dev.licex.desktop.app;

import dev.licex.desktop.faultlab.FaultPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
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
        steps.add(() -> {
            window.faultLab().usePreset(FaultPreset.ALL.get(0));
            window.handshake().steppingProperty().set(true);
            window.select(MainWindow.Section.HANDSHAKE);
            var offer = window.catalog().allOffers().get(5);
            window.handshake().acquire(offer.offerId(), offer.title());
        });
        steps.add(() -> window.handshake().next());
        steps.add(() -> window.handshake().next());
        steps.add(() -> shoot("handshake-fault"));
        steps.add(() -> window.handshake().runToEnd());
        steps.add(() -> window.handshake().presentationProperty().set(true));
        steps.add(() -> shoot("handshake-presentation"));
        steps.add(() -> window.handshake().presentationProperty().set(false));
        steps.add(() -> {
            window.select(MainWindow.Section.FAULT_LAB);
            window.faultLab().usePreset(FaultPreset.ALL.get(4));
            window.faultLab().chaosAcquisitionsProperty().set(300);
            window.faultLab().runChaos();
        });
        steps.add(() -> awaitThen(() -> window.faultLab().chaosResultProperty().get() != null
                || !window.faultLab().chaosRunningProperty().get()));
        steps.add(() -> shoot("faultlab-chaos"));
        steps.add(() -> window.faultLab().clearRules());
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

    /** Holds the tour here until {@code ready}, checked at every step interval. */
    private void awaitThen(BooleanSupplier ready) {
        if (!ready.getAsBoolean()) {
            steps.addFirst(() -> awaitThen(ready));
        }
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

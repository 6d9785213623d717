package dev.licex.desktop.app;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/** Asks the server every few seconds whether it answers, so the header is always current. */
final class HealthWatch {

    private static final Duration EVERY = Duration.seconds(5);
    private final Timeline timeline;

    HealthWatch(ShellViewModel shell) {
        timeline = new Timeline(new KeyFrame(EVERY, e -> shell.checkHealth()));
        timeline.setCycleCount(Timeline.INDEFINITE);
    }

    void start() {
        timeline.play();
    }

    void stop() {
        timeline.stop();
    }
}

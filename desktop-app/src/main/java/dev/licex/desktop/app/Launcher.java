package dev.licex.desktop.app;

import javafx.application.Application;

/**
 * The jar's entry point. A main class that is not itself an Application lets JavaFX start from
 * the class path of a plain jar.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(LicexApp.class, args);
    }
}

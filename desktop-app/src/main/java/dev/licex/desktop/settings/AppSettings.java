package dev.licex.desktop.settings;

/**
 * What the app remembers between runs.
 *
 * @param x      the window's left edge, or NaN when never placed
 * @param y      the window's top edge, or NaN when never placed
 */
public record AppSettings(ConnectionChoice connection, boolean dark, double x, double y, double width,
        double height) {

    public static AppSettings defaults() {
        return new AppSettings(ConnectionChoice.embeddedSimulator(), false, Double.NaN, Double.NaN, 1180, 760);
    }

    public AppSettings withConnection(ConnectionChoice choice) {
        return new AppSettings(choice, dark, x, y, width, height);
    }

    public AppSettings withDark(boolean value) {
        return new AppSettings(connection, value, x, y, width, height);
    }

    public AppSettings withBounds(double newX, double newY, double newWidth, double newHeight) {
        return new AppSettings(connection, dark, newX, newY, newWidth, newHeight);
    }
}

package dev.licex.protocol.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where licex keeps its stores by default: the platform's per-user data directory. Override the
 * whole location with the {@code licex.home} system property or the {@code LICEX_HOME}
 * environment variable.
 */
public final class DataDirectories {

    private DataDirectories() {
    }

    public static Path home() {
        String property = System.getProperty("licex.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String override = System.getenv("LICEX_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path user = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return appData != null ? Path.of(appData, "licex") : user.resolve("AppData/Roaming/licex");
        }
        if (os.contains("mac")) {
            return user.resolve("Library/Application Support/licex");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "licex") : user.resolve(".local/share/licex");
    }

    /** The default client store of this user ({@code licex acquire}, the desktop app). */
    public static Path deviceStore() {
        return home().resolve("device");
    }

    /** The default store of a standalone {@code licex server}. */
    public static Path serverStore() {
        return home().resolve("server");
    }

    /** The store of the desktop app's embedded simulator. */
    public static Path embeddedSimulatorStore() {
        return home().resolve("simulator");
    }
}

package dev.licex.desktop.settings;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.licex.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's settings in {@code desktop.json} in the data directory, written atomically. */
public final class SettingsFile {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsFile.class);
    private final Path file;

    public SettingsFile(Path home) {
        this.file = home.resolve("desktop.json");
    }

    /** The saved settings, or the defaults when there are none or they cannot be read (which is logged). */
    public AppSettings load() {
        if (!Files.exists(file)) {
            return AppSettings.defaults();
        }
        try {
            return Json.read(Files.readAllBytes(file), AppSettings.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the settings in {} cannot be read ({}); starting with the defaults", file, e.getMessage());
            return AppSettings.defaults();
        }
    }

    public void save(AppSettings settings) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("desktop.json.tmp");
            Files.write(temporary, Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(settings));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot save the settings to {}: {}", file, e.getMessage());
        }
    }
}

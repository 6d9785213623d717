package dev.licex.desktop.app;

import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.settings.AppSettings;
import dev.licex.desktop.settings.ConnectionChoice;
import dev.licex.desktop.settings.SettingsFile;
import dev.licex.protocol.client.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The app as a whole: which connection is open, whether its server answers, the theme, and the
 * settings remembered between runs. Opening a connection, and resuming what an earlier run left
 * unfinished, happen in the background.
 */
public final class ShellViewModel implements AutoCloseable {

    /** The server health as the header shows it. */
    public enum Health { CONNECTING, UP, DOWN }

    private final Path home;
    private final SettingsFile settingsFile;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final ObjectProperty<LicexSession> session = new SimpleObjectProperty<>();
    private final StringProperty connectionText = new SimpleStringProperty("Starting...");
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.CONNECTING);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private AppSettings settings;

    public ShellViewModel(Path home, Threads threads, Consumer<Notice> notices) {
        this.home = home;
        this.settingsFile = new SettingsFile(home);
        this.threads = threads;
        this.notices = notices;
        this.settings = settingsFile.load();
        dark.set(settings.dark());
        dark.addListener((o, a, value) -> save(settings.withDark(value)));
    }

    public AppSettings settings() {
        return settings;
    }

    /** Opens the remembered connection. */
    public void start() {
        connect(settings.connection());
    }

    /** Closes the current connection, opens the chosen one, remembers it, and resumes unfinished work. */
    public void connect(ConnectionChoice choice) {
        LicexSession previous = session.get();
        session.set(null);
        health.set(Health.CONNECTING);
        problem.set("");
        connectionText.set(choice.embedded() ? "Starting the embedded simulator..." : "Connecting to " + choice.url());
        threads.run(() -> {
            if (previous != null) {
                previous.close();
            }
            return LicexSession.open(home, choice);
        }, opened -> {
            session.set(opened);
            save(settings.withConnection(choice));
            connectionText.set(opened.describe());
            checkHealth();
            resumeUnfinished(opened);
        }, e -> {
            health.set(Health.DOWN);
            connectionText.set("Not connected");
            problem.set("Could not open the connection: " + Messages.describe(e));
            notices.accept(Notice.error("Not connected", Messages.describe(e)));
        });
    }

    private void resumeUnfinished(LicexSession opened) {
        threads.run(opened::resumeUnfinished, (List<Outcome> outcomes) -> {
            if (!outcomes.isEmpty()) {
                long done = outcomes.stream().filter(o -> !(o instanceof Outcome.Pending)).count();
                notices.accept(Notice.info("Resumed " + outcomes.size() + " unfinished transaction(s)",
                        done + " finished now" + (done < outcomes.size() ? ", " + (outcomes.size() - done)
                                + " still wait for the server and stay under Transactions" : "") + "."));
            }
        }, e -> notices.accept(Notice.warning("Unfinished transactions were not resumed", Messages.describe(e))));
    }

    /** Asks the server whether it answers; the header shows the result. */
    public void checkHealth() {
        LicexSession current = session.get();
        if (current == null) {
            return;
        }
        threads.run(current::healthy, up -> {
            if (session.get() == current) {
                health.set(up ? Health.UP : Health.DOWN);
            }
        }, e -> health.set(Health.DOWN));
    }

    public void rememberBounds(double x, double y, double width, double height) {
        save(settings.withBounds(x, y, width, height));
    }

    private void save(AppSettings updated) {
        settings = updated;
        settingsFile.save(updated);
    }

    public ReadOnlyObjectProperty<LicexSession> sessionProperty() {
        return session;
    }

    public StringProperty connectionTextProperty() {
        return connectionText;
    }

    public ReadOnlyObjectProperty<Health> healthProperty() {
        return health;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public StringProperty problemProperty() {
        return problem;
    }

    @Override
    public void close() {
        LicexSession current = session.get();
        if (current != null) {
            current.close();
        }
    }
}

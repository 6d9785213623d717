package dev.licex.desktop.connection;

import dev.licex.desktop.common.Messages;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.settings.ConnectionChoice;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.ServerProblemException;
import dev.licex.protocol.message.Ledger;
import dev.licex.protocol.transport.TransportSecurity;
import java.net.URI;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Choosing between the embedded simulator and a remote server, testing it, and switching. */
public final class ConnectionViewModel {

    private final Threads threads;
    private final Consumer<ConnectionChoice> apply;
    private final BooleanProperty embedded = new SimpleBooleanProperty(true);
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final StringProperty result = new SimpleStringProperty("");
    private final BooleanProperty testing = new SimpleBooleanProperty(false);

    /** @param apply switches the app to the chosen connection */
    public ConnectionViewModel(ConnectionChoice current, Threads threads, Consumer<ConnectionChoice> apply) {
        this.threads = threads;
        this.apply = apply;
        embedded.set(current.embedded());
        url.set(current.url());
        token.set(current.token());
    }

    public ConnectionChoice choice() {
        return embedded.get() ? ConnectionChoice.embeddedSimulator()
                : ConnectionChoice.remote(url.get().trim(), token.get().trim());
    }

    /** Whether the form holds something worth trying. */
    public String problem() {
        if (embedded.get()) {
            return null;
        }
        String text = url.get() == null ? "" : url.get().trim();
        if (!text.startsWith("http://") && !text.startsWith("https://")) {
            return "Enter the server's address, e.g. https://rights.example.com or http://127.0.0.1:8080";
        }
        if (token.get() == null || token.get().isBlank()) {
            return "Enter your account's token";
        }
        return null;
    }

    /** Checks that the server answers and accepts the token, without switching. */
    public void test() {
        String problem = problem();
        if (problem != null) {
            result.set(problem);
            return;
        }
        if (embedded.get()) {
            result.set("The embedded simulator runs inside the app; it is always reachable.");
            return;
        }
        testing.set(true);
        result.set("Testing...");
        ConnectionChoice choice = choice();
        threads.run(() -> {
            try (ServerConnection connection = new ServerConnection(
                    TransportSecurity.DEFAULT.open(URI.create(choice.url())), choice.token())) {
                if (!connection.healthy()) {
                    return "The server at " + choice.url() + " does not answer.";
                }
                try {
                    Ledger ledger = connection.ledger();
                    return "Connected: the server answers and accepts the token (account " + ledger.accountId()
                            + ", " + ledger.offers().size() + " offers).";
                } catch (ServerProblemException e) {
                    return "The server answers but refuses the token: " + e.problem().detail() + ".";
                }
            }
        }, message -> {
            testing.set(false);
            result.set(message);
        }, e -> {
            testing.set(false);
            result.set("Cannot reach the server: " + Messages.describe(e));
        });
    }

    public void apply() {
        String problem = problem();
        if (problem != null) {
            result.set(problem);
            return;
        }
        result.set("Switching...");
        apply.accept(choice());
    }

    public BooleanProperty embeddedProperty() {
        return embedded;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public BooleanProperty testingProperty() {
        return testing;
    }
}

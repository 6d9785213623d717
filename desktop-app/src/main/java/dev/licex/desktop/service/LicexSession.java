package dev.licex.desktop.service;

import dev.licex.desktop.settings.ConnectionChoice;
import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.ManualStepGate;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.message.CatalogPage;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.Transport;
import dev.licex.protocol.transport.TransportSecurity;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the app talks to for one connection: the device store, the client engine, and when
 * embedded, the simulator itself. The small service layer between view-models and core-protocol;
 * every method here may block and is called from background threads only.
 */
public final class LicexSession implements AutoCloseable {

    /** The origin recorded with transactions of the embedded simulator, whose port changes every run. */
    public static final String EMBEDDED_ORIGIN = "embedded simulator";
    public static final String EMBEDDED_ADMIN_TOKEN = "embedded-admin";
    private static final int CATALOG_PAGE = 500;

    private final ConnectionChoice choice;
    private final RightsServer simulator;
    private final ClientStore store;
    private final ServerConnection connection;
    private final ClientEngine engine;
    private final EventBus events;
    private final ManualStepGate gate;

    private LicexSession(ConnectionChoice choice, RightsServer simulator, ClientStore store,
            ServerConnection connection, EventBus events, ManualStepGate gate) {
        this.choice = choice;
        this.simulator = simulator;
        this.store = store;
        this.connection = connection;
        this.events = events;
        this.gate = gate;
        this.engine = new ClientEngine(store, connection, RetryPolicy.interactive(), events, gate, Clock.systemUTC());
    }

    /**
     * Opens the device store in {@code home} and connects: starting the embedded simulator (its
     * store in {@code home}, with the demo catalog) or reaching the remote server.
     */
    public static LicexSession open(Path home, ConnectionChoice choice) throws Exception {
        EventBus events = new EventBus();
        ManualStepGate gate = new ManualStepGate(false, events, Clock.systemUTC());
        RightsServer simulator = null;
        ClientStore store = null;
        try {
            Files.createDirectories(home);
            store = ClientStore.open(DatabaseConfig.h2(home.resolve("device"), "device"), events, Clock.systemUTC());
            ServerConnection connection;
            if (choice.embedded()) {
                simulator = RightsServer.start(SimulatorConfig.embedded(
                        DatabaseConfig.h2(home.resolve("simulator"), "server"), EMBEDDED_ADMIN_TOKEN, 100));
                connection = new ServerConnection(TransportSecurity.DEFAULT.open(simulator.baseUri()),
                        DemoCatalog.ALICE_TOKEN, EMBEDDED_ORIGIN);
            } else {
                Transport transport = TransportSecurity.DEFAULT.open(URI.create(choice.url().trim()));
                connection = new ServerConnection(transport, choice.token().trim());
            }
            return new LicexSession(choice, simulator, store, connection, events, gate);
        } catch (Exception | Error e) {
            if (store != null) {
                store.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }

    public ConnectionChoice choice() {
        return choice;
    }

    /** Where the app is connected, in words for the header. */
    public String describe() {
        return simulator != null ? "embedded simulator at " + simulator.baseUri() + " as alice"
                : "remote server " + choice.url().trim();
    }

    public boolean healthy() {
        return connection.healthy();
    }

    public ClientStore store() {
        return store;
    }

    public ClientEngine engine() {
        return engine;
    }

    public ServerConnection connection() {
        return connection;
    }

    /** The client's protocol events (published on the thread that caused them). */
    public EventBus events() {
        return events;
    }

    /** The gate the engine waits at in step mode. */
    public ManualStepGate gate() {
        return gate;
    }

    /** The embedded simulator, or null when connected to a remote server. */
    public RightsServer simulator() {
        return simulator;
    }

    /** Every offer of the catalog, page by page. */
    public List<CatalogItem> catalog() throws IOException {
        List<CatalogItem> all = new ArrayList<>();
        for (int offset = 0; ; offset += CATALOG_PAGE) {
            CatalogPage page = connection.catalog("", offset, CATALOG_PAGE);
            all.addAll(page.items());
            if (page.items().size() < CATALOG_PAGE || all.size() >= page.total()) {
                return all;
            }
        }
    }

    /** Resumes the transactions a previous run left unfinished with this server. */
    public List<dev.licex.protocol.client.Outcome> resumeUnfinished() throws InterruptedException {
        return engine.recover();
    }

    @Override
    public void close() {
        gate.runToEnd();
        connection.close();
        store.close();
        if (simulator != null) {
            simulator.close();
        }
    }
}

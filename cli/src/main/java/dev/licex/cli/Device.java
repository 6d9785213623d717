package dev.licex.cli;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.StoreException;
import dev.licex.protocol.transport.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A client command's device: its store, and when a server is given, an engine talking to it. */
final class Device implements AutoCloseable {

    final ClientStore store;
    final ClientEngine engine;
    final ServerConnection connection;

    private Device(ClientStore store, ServerConnection connection) {
        this.store = store;
        this.connection = connection;
        this.engine = connection == null ? null : new ClientEngine(store, connection, RetryPolicy.interactive(),
                new EventBus(), StepGate.OPEN, Clock.systemUTC());
    }

    /** The device store alone, for commands that talk to no server. */
    static Device open(Path folder) {
        return new Device(openStore(folder), null);
    }

    static Device open(Path folder, ServerOptions server) {
        URI uri = server.checkedServer();
        HttpTransport transport;
        try {
            transport = server.security().open(uri);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
        return new Device(openStore(folder), new ServerConnection(transport, server.token));
    }

    private static ClientStore openStore(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot create the store folder " + folder + ": " + e.getMessage());
        }
        try {
            return ClientStore.open(DatabaseConfig.h2(folder, "device"), new EventBus(), Clock.systemUTC());
        } catch (StoreException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        store.close();
    }
}

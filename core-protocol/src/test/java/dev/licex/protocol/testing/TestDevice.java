package dev.licex.protocol.testing;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.transport.Transport;
import java.nio.file.Path;
import java.time.Clock;

/** A device: a client store on an H2 file and an engine talking to a server through a transport. */
public final class TestDevice implements AutoCloseable {

    public final EventBus events = new EventBus();
    public final ClientStore store;
    public final ClientEngine engine;

    public TestDevice(Path folder, Transport transport, String token, RetryPolicy retry, StepGate gate) {
        store = ClientStore.open(DatabaseConfig.h2(folder, "device"), events, Clock.systemUTC());
        engine = new ClientEngine(store, new ServerConnection(transport, token), retry, events, gate,
                Clock.systemUTC());
    }

    public static TestDevice of(Path folder, Transport transport) {
        return new TestDevice(folder, transport, TestServer.ALICE_TOKEN, RetryPolicy.fast(), StepGate.OPEN);
    }

    @Override
    public void close() {
        store.close();
    }
}

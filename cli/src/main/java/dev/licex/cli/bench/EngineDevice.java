package dev.licex.cli.bench;

import dev.licex.protocol.client.ClientEngine;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.Outcome;

/**
 * A full device: licex's client engine with its store (in memory), as the desktop app and
 * {@code licex acquire} run it. Costs the load generator about as much CPU as the server.
 */
final class EngineDevice implements BenchDevice {

    private final ClientStore store;
    private final ClientEngine engine;

    EngineDevice(ClientStore store, ClientEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    @Override
    public Finished acquire(String offerId) throws InterruptedException {
        return switch (engine.acquire(offerId, null)) {
            case Outcome.Completed completed -> Finished.COMPLETED;
            case Outcome.Refused refused -> new Finished(Ending.REFUSED, refused.toString());
            case Outcome other -> new Finished(Ending.FAILED, other.toString());
        };
    }

    @Override
    public void close() {
        store.close();
    }
}

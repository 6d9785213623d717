package dev.licex.simulator.chaos;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.SimulatorConfig;
import dev.licex.simulator.catalog.DemoCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A chaos target on a simulator in this process: the real Jetty server on a loopback port, its
 * fault plan driven directly and its fault events counted as they happen.
 */
public final class EmbeddedTarget implements ChaosTarget {

    private final RightsServer server;
    private final boolean owned;
    private final String token;
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final ProtocolListener counter = event -> {
        if (event instanceof ProtocolEvent.FaultApplied applied) {
            faults.computeIfAbsent(applied.action(), a -> new LongAdder()).increment();
        }
    };

    private EmbeddedTarget(RightsServer server, boolean owned, String token) {
        this.server = server;
        this.owned = owned;
        this.token = token;
        server.events().subscribe(counter);
    }

    /** Starts a fresh simulator in {@code folder} with enough demo stock for the whole run. */
    public static EmbeddedTarget start(Path folder, int stock) throws Exception {
        RightsServer server = RightsServer.start(SimulatorConfig.embedded(DatabaseConfig.h2(folder, "server"),
                "chaos-admin", stock));
        return new EmbeddedTarget(server, true, DemoCatalog.ALICE_TOKEN);
    }

    /** Runs against a simulator someone else started and will stop (the desktop app's). */
    public static EmbeddedTarget attach(RightsServer server, String token) {
        return new EmbeddedTarget(server, false, token);
    }

    @Override
    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void applyFaults(List<FaultRule> rules, long seed) {
        server.faults().reseed(new Random(seed));
        server.faults().replace(rules);
    }

    @Override
    public void clearFaults() {
        server.faults().clear();
    }

    @Override
    public List<AccountLedger> ledgers() {
        String account = server.runtime().accounts().authenticate(token).orElseThrow();
        return List.of(new AccountLedger(account, server.runtime().engine().ledger(account).offers()));
    }

    @Override
    public Map<String, Long> faultsInjected() {
        Map<String, Long> counts = new TreeMap<>();
        faults.forEach((action, count) -> counts.put(action, count.sum()));
        return counts;
    }

    @Override
    public void close() {
        server.events().unsubscribe(counter);
        if (owned) {
            server.close();
        }
    }
}

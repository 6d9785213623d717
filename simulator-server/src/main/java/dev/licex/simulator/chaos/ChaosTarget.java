package dev.licex.simulator.chaos;

import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.AccountLedger;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The simulator a chaos run works against: one it started itself, or a remote one through its admin API. */
public interface ChaosTarget extends AutoCloseable {

    URI baseUri();

    /** The bearer token the run's devices use. */
    String token();

    void applyFaults(List<FaultRule> rules, long seed) throws IOException;

    void clearFaults() throws IOException;

    /** The run's account's ledger. */
    List<AccountLedger> ledgers() throws IOException;

    /** Faults injected so far, by action, counted by the server. */
    Map<String, Long> faultsInjected() throws IOException;

    @Override
    void close();
}

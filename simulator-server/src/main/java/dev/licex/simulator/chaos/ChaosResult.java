package dev.licex.simulator.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.licex.protocol.audit.ConservationReport;
import java.time.Instant;
import java.util.Map;

/**
 * What a chaos run did and whether exactly-once held.
 *
 * @param outcomes        how the first drive of each acquisition ended (COMPLETED, REFUSED, PENDING, ...)
 * @param recovered       acquisitions left pending by the run and finished by the recovery afterwards
 * @param retries         legs the clients sent again
 * @param lostMessages    requests that got no usable answer
 * @param faultsInjected  faults the server injected, by action
 * @param latencyMillis   percentiles of one acquisition's first drive: p50, p90, p99, p99.9, max
 * @param check           the conservation check between the server's ledger and the devices' stores
 */
public record ChaosResult(ChaosSettings settings, String server, Instant startedAt, long durationMillis,
        Map<String, Long> outcomes, long recovered, long retries, long lostMessages, Map<String, Long> faultsInjected,
        Map<String, Double> latencyMillis, ConservationReport check) {

    @JsonProperty("holds")
    public boolean holds() {
        return check.holds();
    }
}

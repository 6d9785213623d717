package dev.licex.simulator.chaos;

import java.util.Map;

/**
 * A snapshot of a chaos run while it runs.
 *
 * @param phase    RUNNING while acquisitions go on, RECOVERING once faults are off, CHECKING at the end
 * @param finished acquisitions whose first drive ended (completed, refused, or pending for recovery)
 */
public record ChaosProgress(String phase, int finished, int total, long completed, long retries,
        Map<String, Long> faults, long elapsedMillis) {
}

package dev.licex.cli.bench;

import java.util.Map;

/**
 * One bench run.
 *
 * @param acquisitionsPerSecond complete acquisitions (all six legs, both sides durable) per second
 * @param noopPerSecond         {@code GET /healthz} per second by the same clients: the baseline
 * @param ratio                 acquisitions per second over a third of the baseline (an acquisition is three requests)
 */
public record BenchResult(String server, int clients, int seconds, Double targetRate, double acquisitionsPerSecond,
        long acquisitions, long refused, long failed, double noopPerSecond, double ratio, Latency acquisition,
        Map<String, Latency> legs, Latency noop) {
}

package dev.licex.cli.bench;

import java.util.Map;

/**
 * One bench run.
 *
 * @param acquisitionsPerSecond complete acquisitions (all six legs, both sides durable) per second
 * @param noopPerSecond         {@code GET /healthz} per second by the same clients: the baseline
 * @param retries               legs the clients had to send again (during warm-up and measurement of acquisitions)
 * @param ratio                 acquisitions per second over a third of the baseline (an acquisition is three requests)
 */
public record BenchResult(String server, int clients, int seconds, Double targetRate, double acquisitionsPerSecond,
        long acquisitions, long refused, long failed, long retries, double noopPerSecond, double ratio, Latency acquisition,
        Map<String, Latency> legs, Latency noop) {
}

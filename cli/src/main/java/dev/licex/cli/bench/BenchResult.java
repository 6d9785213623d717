package dev.licex.cli.bench;

import java.util.Map;

/**
 * One bench run.
 *
 * @param devices               what each client was: "wire" (the legs over the wire, T in memory) or "engine"
 *                              (licex's client engine with its store in memory)
 * @param verifyEvery           each client verified the signature of every n-th rights object it received
 * @param signaturesVerified    rights signatures the wire clients verified, warm-up included; null for engine
 *                              clients, which verify every signature they receive
 * @param warmupSeconds         the no-ops' warm-up, and the least of the acquisitions'
 * @param acquisitionWarmupSeconds how long the acquisitions were warmed up
 * @param warmupSettled         whether the JIT compilers of the bench and the servers had settled when the
 *                              acquisitions' warm-up ended; null when the warm-up had a fixed length
 * @param seconds               measured seconds of each kind, no-ops and acquisitions
 * @param slices                how many alternating slices of each kind those seconds were cut into (1 when paced)
 * @param acquisitionsPerSecond complete acquisitions (all six legs, the server's side durable) per second
 * @param noopPerSecond         {@code GET /healthz} per second by the same clients: the baseline
 * @param firstFailure          why the first failed acquisition failed, or null
 * @param retries               legs the clients had to send again (during warm-up and measurement of acquisitions)
 * @param ratio                 acquisitions per second over a third of the baseline (an acquisition is three requests)
 * @param memoryMonitorSamplingMs the sampling interval in milliseconds of the kernel's memory monitor (DAMON) on the
 *                              bench's machine, whose rounds stall it; null when none ran
 */
public record BenchResult(String server, int clients, String devices, int verifyEvery, Long signaturesVerified,
        long warmupSeconds, double acquisitionWarmupSeconds, Boolean warmupSettled, int seconds, int slices,
        Double targetRate, double acquisitionsPerSecond, long acquisitions, long refused, long failed,
        String firstFailure, long retries, double noopPerSecond, double ratio, Latency acquisition,
        Map<String, Latency> legs, Latency noop, Long memoryMonitorSamplingMs) {
}

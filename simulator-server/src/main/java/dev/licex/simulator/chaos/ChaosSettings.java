package dev.licex.simulator.chaos;

/**
 * One chaos run.
 *
 * @param acquisitions how many acquisitions to attempt in all
 * @param faultRate    the share of requests that meet a fault, from 0 to 1
 * @param seed         fixes which faults are drawn; thread interleaving still varies between runs
 * @param devices      how many simulated devices share the acquisitions, each with its own store
 * @param concurrency  how many acquisitions run at once
 */
public record ChaosSettings(int acquisitions, double faultRate, long seed, int devices, int concurrency) {

    public ChaosSettings {
        if (acquisitions < 1) {
            throw new IllegalArgumentException("--acquisitions must be at least 1");
        }
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("--fault-rate must be between 0 and 1");
        }
        if (devices < 1 || concurrency < 1) {
            throw new IllegalArgumentException("devices and concurrency must be at least 1");
        }
    }
}

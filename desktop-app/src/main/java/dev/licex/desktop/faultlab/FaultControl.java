package dev.licex.desktop.faultlab;

import dev.licex.protocol.fault.FaultRule;
import dev.licex.simulator.chaos.ChaosTarget;
import java.io.IOException;
import java.util.List;

/**
 * The simulator the fault lab works on: the embedded one directly, or a remote one through its
 * admin API. Every method may block and is called off the UI thread.
 */
public interface FaultControl {

    /** Replaces the simulator's fault rules. */
    void apply(List<FaultRule> rules) throws IOException;

    /** The rules the simulator has now; {@code times} counts down as rules fire. */
    List<FaultRule> active() throws IOException;

    /** Crashes the simulator on purpose: connections dropped, memory rebuilt from its database. */
    void restart() throws IOException;

    /** The target a chaos run drives; the lab's simulator stays running after the run. */
    ChaosTarget chaosTarget();

    /** Tells {@code listener} (on any thread) when the rules change by themselves, as counted rules run out. */
    void onChange(Runnable listener);

    /** Where the faults go, in words. */
    String describe();
}

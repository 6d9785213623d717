package dev.licex.protocol.testing;

/** Thrown from an event listener to stop an engine dead at an exact point, as a crash would. */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String where) {
        super("simulated crash at " + where, null, false, false);
    }
}

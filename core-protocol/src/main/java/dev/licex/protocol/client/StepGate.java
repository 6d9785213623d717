package dev.licex.protocol.client;

import dev.licex.protocol.event.Leg;
import java.util.UUID;

/** Lets a trainer hold the client engine before each leg it sends. */
@FunctionalInterface
public interface StepGate {

    StepGate OPEN = (tid, leg) -> { };

    /** Called before the engine sends {@code leg}; blocks while the gate holds it. */
    void await(UUID tid, Leg leg) throws InterruptedException;
}

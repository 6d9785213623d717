package dev.licex.desktop.faultlab;

import dev.licex.protocol.fault.FaultRule;
import dev.licex.simulator.RightsServer;
import dev.licex.simulator.chaos.ChaosTarget;
import dev.licex.simulator.chaos.EmbeddedTarget;
import java.util.List;

/** Faults applied to the app's own simulator in-process. */
public final class EmbeddedFaultControl implements FaultControl {

    private final RightsServer simulator;
    private final String token;

    public EmbeddedFaultControl(RightsServer simulator, String token) {
        this.simulator = simulator;
        this.token = token;
    }

    @Override
    public void apply(List<FaultRule> rules) {
        simulator.faults().replace(rules);
    }

    @Override
    public List<FaultRule> active() {
        return simulator.faults().rules();
    }

    @Override
    public void restart() {
        simulator.restart("restart requested in the fault lab");
    }

    @Override
    public ChaosTarget chaosTarget() {
        return EmbeddedTarget.attach(simulator, token);
    }

    @Override
    public void onChange(Runnable listener) {
        simulator.faults().onChange(listener);
    }

    @Override
    public String describe() {
        return "the embedded simulator";
    }
}

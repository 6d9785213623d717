package dev.licex.desktop.faultlab;

import dev.licex.protocol.fault.FaultRule;
import dev.licex.simulator.chaos.ChaosTarget;
import dev.licex.simulator.chaos.RemoteTarget;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Faults applied to a simulator elsewhere through {@code /admin}, which needs its admin token. */
public final class RemoteFaultControl implements FaultControl {

    private final URI base;
    private final String token;
    private final String adminToken;

    public RemoteFaultControl(URI base, String token, String adminToken) {
        this.base = base;
        this.token = token;
        this.adminToken = adminToken;
    }

    @Override
    public void apply(List<FaultRule> rules) throws IOException {
        try (RemoteTarget target = target()) {
            target.applyFaults(rules, 0);
        }
    }

    @Override
    public List<FaultRule> active() throws IOException {
        try (RemoteTarget target = target()) {
            return target.activeFaults();
        }
    }

    @Override
    public void restart() throws IOException {
        try (RemoteTarget target = target()) {
            target.restart();
        }
    }

    @Override
    public ChaosTarget chaosTarget() {
        return target();
    }

    private RemoteTarget target() {
        return new RemoteTarget(base, token, adminToken);
    }

    /** A remote simulator does not announce rule changes; the lab reads them again after each action. */
    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public String describe() {
        return "the simulator at " + base;
    }
}

package dev.licex.simulator.chaos;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The random faults of a chaos run: every action of CONTRACT.md section 5 on every request leg,
 * each with a share of the fault rate. A crash after commit restarts the whole server, which is
 * slow, so it gets a quarter share; errors are split between 500 and 503.
 */
public final class FaultMix {

    private static final Map<FaultAction, Double> WEIGHTS = Map.of(
            FaultAction.DROP_REQUEST, 1.0,
            FaultAction.DROP_RESPONSE, 1.0,
            FaultAction.DELAY, 1.0,
            FaultAction.DUPLICATE, 1.0,
            FaultAction.ERROR, 1.0,
            FaultAction.CORRUPT_RESPONSE, 1.0,
            FaultAction.CRASH_AFTER_COMMIT, 0.25);
    private static final int DELAY_MS = 20;

    private FaultMix() {
    }

    public static List<FaultRule> rules(double faultRate) {
        double total = WEIGHTS.values().stream().mapToDouble(Double::doubleValue).sum();
        List<FaultRule> rules = new ArrayList<>();
        if (faultRate == 0) {
            return rules;
        }
        for (Leg leg : List.of(Leg.OPEN, Leg.REQUEST, Leg.COMPLETE)) {
            for (FaultAction action : FaultAction.values()) {
                double p = faultRate * WEIGHTS.get(action) / total;
                if (action == FaultAction.ERROR) {
                    rules.add(new FaultRule(leg, action, null, p / 2, null, 500));
                    rules.add(new FaultRule(leg, action, null, p / 2, null, 503));
                } else {
                    rules.add(new FaultRule(leg, action, null, p, action == FaultAction.DELAY ? DELAY_MS : null, null));
                }
            }
        }
        return rules;
    }
}

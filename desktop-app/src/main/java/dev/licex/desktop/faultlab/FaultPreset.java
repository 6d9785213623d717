package dev.licex.desktop.faultlab;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.simulator.chaos.FaultMix;
import java.util.List;

/**
 * A ready-made scenario for the fault lab: the classic ways a network and a server fail. In the
 * flaky preset the response rule only sees requests that got through, hence 0.111: together one in five.
 */
public record FaultPreset(String name, String description, List<FaultRule> rules) {

    public static final List<FaultPreset> ALL = List.of(
            new FaultPreset("Lose the rights response once",
                    "The server issues the rights and commits, but its answer to leg 3 never arrives. The device "
                            + "resends leg 3 with the same transaction id and gets the stored answer: one issuance.",
                    List.of(FaultRule.once(Leg.REQUEST, FaultAction.DROP_RESPONSE))),
            new FaultPreset("Crash the server after it commits",
                    "The server commits the issuance and crashes before answering, then restarts from its "
                            + "database. The device's resend is answered from what was committed.",
                    List.of(FaultRule.once(Leg.REQUEST, FaultAction.CRASH_AFTER_COMMIT))),
            new FaultPreset("Duplicate every request",
                    "Every leg is processed twice by the server. The second is recognised as a repeat and "
                            + "changes nothing.",
                    List.of(FaultRule.always(Leg.OPEN, FaultAction.DUPLICATE),
                            FaultRule.always(Leg.REQUEST, FaultAction.DUPLICATE),
                            FaultRule.always(Leg.COMPLETE, FaultAction.DUPLICATE))),
            new FaultPreset("Flaky network (20% loss)",
                    "One request or answer in five is lost, on every leg. Retries with backoff get everything "
                            + "through, each exactly once.",
                    List.of(FaultRule.withProbability(Leg.OPEN, FaultAction.DROP_REQUEST, 0.1),
                            FaultRule.withProbability(Leg.OPEN, FaultAction.DROP_RESPONSE, 0.111),
                            FaultRule.withProbability(Leg.REQUEST, FaultAction.DROP_REQUEST, 0.1),
                            FaultRule.withProbability(Leg.REQUEST, FaultAction.DROP_RESPONSE, 0.111),
                            FaultRule.withProbability(Leg.COMPLETE, FaultAction.DROP_REQUEST, 0.1),
                            FaultRule.withProbability(Leg.COMPLETE, FaultAction.DROP_RESPONSE, 0.111))),
            new FaultPreset("Chaos mix (20% of requests)",
                    "Every fault action on legs 1, 3 and 5, one request in five affected: the mix that "
                            + "licex chaos uses.",
                    FaultMix.rules(0.2)));

    @Override
    public String toString() {
        return name;
    }
}

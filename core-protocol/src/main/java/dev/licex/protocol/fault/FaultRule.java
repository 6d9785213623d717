package dev.licex.protocol.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.licex.protocol.event.Leg;

/**
 * One fault rule: {@code {"leg":"REQUEST","action":"DROP_RESPONSE","times":1}}. With neither
 * {@code times} nor {@code probability} it fires on every matching leg; with {@code probability}
 * it fires on that share of them; with {@code times} it fires that many times and is then gone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(Leg leg, FaultAction action, Integer times, Double probability, Integer delayMs,
        Integer status) {

    public static final int MAX_DELAY_MS = 120_000;

    public static FaultRule once(Leg leg, FaultAction action) {
        return new FaultRule(leg, action, 1, null, null, null);
    }

    public static FaultRule always(Leg leg, FaultAction action) {
        return new FaultRule(leg, action, null, null, null, null);
    }

    public static FaultRule withProbability(Leg leg, FaultAction action, double probability) {
        return new FaultRule(leg, action, null, probability, null, null);
    }

    /** Checks the rule; the message says what is wrong in terms of the JSON a user wrote. */
    public FaultRule validated() {
        if (leg == null || !leg.isRequest()) {
            throw new IllegalArgumentException("\"leg\" must be one of OPEN, REQUEST, COMPLETE, CANCEL");
        }
        if (action == null) {
            throw new IllegalArgumentException("\"action\" must be one of DROP_REQUEST, DROP_RESPONSE, DELAY, "
                    + "DUPLICATE, ERROR, CORRUPT_RESPONSE, CRASH_AFTER_COMMIT");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("\"times\" must be at least 1");
        }
        if (probability != null && !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("\"probability\" must be between 0 and 1");
        }
        if (delayMs != null && (delayMs < 0 || delayMs > MAX_DELAY_MS)) {
            throw new IllegalArgumentException("\"delayMs\" must be between 0 and " + MAX_DELAY_MS);
        }
        if (action == FaultAction.DELAY && delayMs == null) {
            throw new IllegalArgumentException("a DELAY rule needs \"delayMs\"");
        }
        if (status != null && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("\"status\" must be an error status between 400 and 599");
        }
        return this;
    }

    public int errorStatus() {
        return status == null ? 500 : status;
    }

    public int delay() {
        return delayMs == null ? 0 : delayMs;
    }

    FaultRule withTimes(Integer remaining) {
        return new FaultRule(leg, action, remaining, probability, delayMs, status);
    }

    public String describe() {
        StringBuilder s = new StringBuilder(action.name()).append(" on ").append(leg.name());
        if (times != null) {
            s.append(", ").append(times).append(times == 1 ? " time" : " times");
        }
        if (probability != null) {
            s.append(", p=").append(probability);
        }
        if (delayMs != null) {
            s.append(", ").append(delayMs).append(" ms");
        }
        if (status != null) {
            s.append(", status ").append(status);
        }
        return s.toString();
    }
}

package dev.licex.protocol.fault;

import dev.licex.protocol.event.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The active fault rules of a simulator and the decision, per arriving request, of which one
 * fires. Rules are tried in order; the first that fires wins. Thread-safe.
 */
public final class FaultPlan {

    private final List<FaultRule> rules = new ArrayList<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private Random random;

    public FaultPlan() {
        this(new Random());
    }

    public FaultPlan(Random random) {
        this.random = random;
    }

    /** Draws from this generator from now on, so a seed makes the sequence of faults repeatable. */
    public synchronized void reseed(Random generator) {
        this.random = generator;
    }

    public synchronized List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    public void replace(List<FaultRule> newRules) {
        List<FaultRule> checked = newRules.stream().map(FaultRule::validated).toList();
        synchronized (this) {
            rules.clear();
            rules.addAll(checked);
        }
        changed();
    }

    public void add(FaultRule rule) {
        FaultRule checked = rule.validated();
        synchronized (this) {
            rules.add(checked);
        }
        changed();
    }

    public void clear() {
        synchronized (this) {
            rules.clear();
        }
        changed();
    }

    /** Called after every change of the rules, including a counted rule running out. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** The rule that fires for this request, if any; a counted rule loses one of its times. */
    public Optional<FaultRule> decide(Leg leg) {
        FaultRule fired = null;
        boolean exhausted = false;
        synchronized (this) {
            for (int i = 0; i < rules.size(); i++) {
                FaultRule rule = rules.get(i);
                if (rule.leg() != leg) {
                    continue;
                }
                if (rule.probability() != null && random.nextDouble() >= rule.probability()) {
                    continue;
                }
                fired = rule;
                if (rule.times() != null) {
                    if (rule.times() == 1) {
                        rules.remove(i);
                        exhausted = true;
                    } else {
                        rules.set(i, rule.withTimes(rule.times() - 1));
                    }
                }
                break;
            }
        }
        if (exhausted) {
            changed();
        }
        return Optional.ofNullable(fired);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }
}

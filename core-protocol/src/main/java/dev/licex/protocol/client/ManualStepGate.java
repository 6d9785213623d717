package dev.licex.protocol.client;

import dev.licex.protocol.event.Leg;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A step gate driven by a person: while stepping, every leg waits for {@link #next}; {@link
 * #runToEnd} lets everything through until {@link #pause} is called again.
 */
public final class ManualStepGate implements StepGate {

    private boolean stepping;
    private int permits;
    private final BiConsumer<UUID, Leg> onWait;

    public ManualStepGate(boolean stepping, BiConsumer<UUID, Leg> onWait) {
        this.stepping = stepping;
        this.onWait = onWait;
    }

    @Override
    public boolean await(UUID tid, Leg leg) throws InterruptedException {
        synchronized (this) {
            if (!stepping) {
                return false;
            }
            if (permits > 0) {
                permits--;
                return false;
            }
        }
        onWait.accept(tid, leg);
        synchronized (this) {
            while (stepping && permits == 0) {
                wait();
            }
            if (stepping) {
                permits--;
            }
        }
        return true;
    }

    /** Releases the one leg that waits (or the next one to arrive). */
    public synchronized void next() {
        permits++;
        notifyAll();
    }

    public synchronized void runToEnd() {
        stepping = false;
        permits = 0;
        notifyAll();
    }

    public synchronized void pause() {
        stepping = true;
        permits = 0;
    }

    public synchronized boolean isStepping() {
        return stepping;
    }
}

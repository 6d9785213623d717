package dev.licex.protocol.client;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import java.time.Clock;
import java.util.UUID;

/**
 * A step gate driven by a person: while stepping, every leg waits for {@link #next}; {@link
 * #runToEnd} lets everything through until {@link #pause} is called again. Each wait is announced
 * as a {@link ProtocolEvent.Paused} event before it begins.
 */
public final class ManualStepGate implements StepGate {

    private boolean stepping;
    private int permits;
    private final ProtocolListener events;
    private final Clock clock;

    public ManualStepGate(boolean stepping, ProtocolListener events, Clock clock) {
        this.stepping = stepping;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void await(UUID tid, Leg leg) throws InterruptedException {
        synchronized (this) {
            if (!stepping) {
                return;
            }
            if (permits > 0) {
                permits--;
                return;
            }
        }
        events.on(new ProtocolEvent.Paused(clock.instant(), Side.CLIENT, tid, leg));
        synchronized (this) {
            while (stepping && permits == 0) {
                wait();
            }
            if (stepping) {
                permits--;
            }
        }
    }

    /**
     * Releases the one leg that waits (or the next one to arrive). Pressing Next again before
     * that leg took its permit does not let a second leg through unpaused.
     */
    public synchronized void next() {
        permits = 1;
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

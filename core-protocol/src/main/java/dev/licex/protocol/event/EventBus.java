package dev.licex.protocol.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to listeners. A listener that throws an exception is logged and skipped so it
 * cannot break the protocol; an {@link Error} propagates, which is how tests simulate a crash
 * at an exact point.
 */
public final class EventBus implements ProtocolListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<ProtocolListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(ProtocolListener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(ProtocolListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void on(ProtocolEvent event) {
        for (ProtocolListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {}", listener, event, e);
            }
        }
    }
}

package dev.licex.protocol.event;

/** Receives protocol events synchronously, on the thread that caused them. */
@FunctionalInterface
public interface ProtocolListener {
    void on(ProtocolEvent event);
}

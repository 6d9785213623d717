package dev.licex.protocol.event;

/** Which party of the handshake an event happened on. */
public enum Side {
    CLIENT,
    SERVER
}

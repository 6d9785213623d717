package dev.licex.protocol.message;

/** The server's state of a transaction id (CONTRACT.md section 2). */
public enum ServerState {
    OPEN,
    ISSUED,
    RETURNED,
    COMPLETED,
    REJECTED,
    CANCELLED
}

package dev.licex.protocol.message;

/** What a transaction moves: rights to the device, or rights back to the server. */
public enum TransactionKind {
    ACQUIRE,
    RETURN
}

package dev.licex.protocol.rights;

/** Whether rights on the device are simply held, or on their way back to the server. */
public enum Custody {
    /** Usable under their rules. */
    HELD,
    /** The acquisition is being cancelled: never to be used again unless the server refuses. */
    BEING_CANCELLED,
    /** A return is under way: never to be used again unless the server refuses it. */
    BEING_RETURNED
}

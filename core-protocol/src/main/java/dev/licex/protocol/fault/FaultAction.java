package dev.licex.protocol.fault;

/** The faults a simulator can inject into one leg (CONTRACT.md section 5). */
public enum FaultAction {
    /** Connection closed before the server sees the request. */
    DROP_REQUEST(false),
    /** The server processes and commits, then the connection is closed without an answer. */
    DROP_RESPONSE(true),
    /** The answer comes after {@code delayMs}. */
    DELAY(true),
    /** The server processes the request twice; the client sees one answer. */
    DUPLICATE(true),
    /** The client gets {@code status} (default 500) and a problem body; the server did nothing. */
    ERROR(false),
    /** The server commits, then answers 200 with a truncated or garbled body. */
    CORRUPT_RESPONSE(true),
    /** The server commits, the connection is cut, and the server restarts from its database. */
    CRASH_AFTER_COMMIT(true);

    private final boolean processes;

    FaultAction(boolean processes) {
        this.processes = processes;
    }

    /** Whether the server processes the request under this fault. */
    public boolean processes() {
        return processes;
    }
}

package dev.licex.protocol.client;

/** The device's state of one of its transactions. */
public enum ClientState {
    /** T is generated and stored; leg 1 may or may not have reached the server. */
    CREATED,
    /** Leg 2 arrived: the server holds T. The request (offer) is stored against T. */
    OPENED,
    /** Leg 4 arrived and the verified rights are stored; the server must still hear leg 5. */
    RIGHTS_STORED,
    /** A return: leg 4 arrived, the server took the rights back, and the device deleted them. */
    RETURNED,
    /** The user cancelled: the rights of T are never used; the server must still confirm. */
    CANCELLING,
    /** The server confirmed the cancellation (or never knew T): nothing of T is held anywhere. */
    CANCELLED,
    /** Leg 6 arrived: the transaction is archived. */
    COMPLETED,
    /** The server refused (no stock, unknown offer); nothing was issued. */
    REJECTED,
    /** A request the server will never accept (bad request, unauthorized); nothing was issued. */
    FAILED,
    /** The server says T conflicts with what it holds; kept for inspection, never retried. */
    CONFLICT;

    /** Whether recovery still has work to do for a transaction in this state. */
    public boolean isUnfinished() {
        return this == CREATED || this == OPENED || this == RIGHTS_STORED || this == RETURNED || this == CANCELLING;
    }

    /** Whether the device still holds the transaction id (it is not archived). */
    public boolean holdsId() {
        return this != COMPLETED && this != CANCELLED;
    }
}

package dev.licex.protocol.event;

/**
 * The messages of the handshake (CONTRACT.md section 2 and 7). Legs 1, 3 and 5 and the
 * cancellation go from client to server; the others are their answers.
 */
public enum Leg {
    OPEN(1, true),
    OPENED(2, false),
    REQUEST(3, true),
    RIGHTS(4, false),
    COMPLETE(5, true),
    COMPLETED(6, false),
    CANCEL(0, true),
    CANCELLED(0, false);

    private final int number;
    private final boolean request;

    Leg(int number, boolean request) {
        this.number = number;
        this.request = request;
    }

    /** 1 to 6 for the handshake; 0 for the cancellation, which stands outside it. */
    public int number() {
        return number;
    }

    public boolean isRequest() {
        return request;
    }

    /** The answer to this request leg. */
    public Leg answer() {
        return switch (this) {
            case OPEN -> OPENED;
            case REQUEST -> RIGHTS;
            case COMPLETE -> COMPLETED;
            case CANCEL -> CANCELLED;
            default -> throw new IllegalStateException(this + " is itself an answer");
        };
    }

    public String label() {
        return number == 0 ? name() : number + " " + name();
    }
}

package dev.licex.protocol.rights;

/** Rights cannot be used now; the message says why in words a user understands. */
public final class UseRefusedException extends RuntimeException {
    private final RightsStatus status;

    public UseRefusedException(RightsStatus status, String message) {
        super(message);
        this.status = status;
    }

    public RightsStatus status() {
        return status;
    }
}

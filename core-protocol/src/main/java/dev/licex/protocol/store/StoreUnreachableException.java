package dev.licex.protocol.store;

/** The database server could not be reached at all (refused, unknown host, timed out). */
public final class StoreUnreachableException extends StoreException {
    public StoreUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

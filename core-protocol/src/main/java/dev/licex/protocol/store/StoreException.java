package dev.licex.protocol.store;

/** A store could not be opened, migrated or written. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.licex.protocol.store;

/** A second process tried to open a store that another process holds open. */
public final class StoreInUseException extends StoreException {
    public StoreInUseException(String location, Throwable cause) {
        super("The store at " + location + " is in use by another licex process. "
                + "Close that process first, or choose another store folder.", cause);
    }
}

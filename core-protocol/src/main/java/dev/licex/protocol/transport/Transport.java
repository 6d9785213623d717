package dev.licex.protocol.transport;

import java.io.IOException;

/**
 * Carries one request to a rights server and brings back its answer. An {@link IOException}
 * means no usable answer arrived (connection refused, reset, cut, timed out); the client cannot
 * tell whether the server processed the request, which is why every leg is idempotent.
 */
public interface Transport extends AutoCloseable {

    WireResponse exchange(WireRequest request) throws IOException;

    /** A human-readable name of the peer, e.g. its base URL. */
    String describe();

    @Override
    default void close() {
    }
}

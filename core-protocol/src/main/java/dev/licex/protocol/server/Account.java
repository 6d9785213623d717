package dev.licex.protocol.server;

import java.time.Instant;

/** An account of the rights server; its token is never stored, only its hash. */
public record Account(String accountId, String name, Instant createdAt, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}

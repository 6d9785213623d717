package dev.licex.protocol.client;

import java.time.Instant;

/** One step in a transaction's life on the device. */
public record HistoryEntry(Instant at, ClientState state, String detail) {
}

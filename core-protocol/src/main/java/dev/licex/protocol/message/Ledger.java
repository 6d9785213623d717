package dev.licex.protocol.message;

import java.util.List;

/** {@code GET /v1/ledger}: the caller's stock and issuance, offer by offer. */
public record Ledger(List<LedgerLine> offers) {
}

package dev.licex.protocol.message;

import java.util.List;

/**
 * {@code GET /v1/ledger}: the caller's stock and issuance, offer by offer. {@code accountId} names
 * the caller (a licex addition to the contract's shape, so tools can match rights to the ledger).
 */
public record Ledger(String accountId, List<LedgerLine> offers) {
}

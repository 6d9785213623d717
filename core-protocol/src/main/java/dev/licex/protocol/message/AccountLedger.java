package dev.licex.protocol.message;

import java.util.List;

/** One account's ledger in the simulator's {@code GET /admin/ledger}. */
public record AccountLedger(String accountId, List<LedgerLine> offers) {
}

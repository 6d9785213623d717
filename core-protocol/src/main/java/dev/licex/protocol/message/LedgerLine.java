package dev.licex.protocol.message;

/** One offer's account: {@code initialStock == stock + issued - returned} always holds. */
public record LedgerLine(String offerId, int initialStock, int stock, int issued, int completed, int returned) {
    public boolean balanced() {
        return initialStock == stock + issued - returned;
    }
}

package dev.licex.protocol.audit;

import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.LedgerLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed in the ledgers between two readings: the activity of one run on a server that
 * may have served others before. A delta line starts from zero initial stock, so it balances
 * exactly when the run's stock, issuance and returns moved together.
 */
public final class LedgerDelta {

    private LedgerDelta() {
    }

    public static List<AccountLedger> between(List<AccountLedger> before, List<AccountLedger> after) {
        Map<String, LedgerLine> earlier = new HashMap<>();
        before.forEach(a -> a.offers().forEach(l -> earlier.put(a.accountId() + "/" + l.offerId(), l)));
        List<AccountLedger> deltas = new ArrayList<>();
        for (AccountLedger account : after) {
            List<LedgerLine> lines = new ArrayList<>();
            for (LedgerLine now : account.offers()) {
                LedgerLine then = earlier.getOrDefault(account.accountId() + "/" + now.offerId(),
                        new LedgerLine(now.offerId(), now.initialStock(), now.initialStock(), 0, 0, 0));
                lines.add(new LedgerLine(now.offerId(), now.initialStock() - then.initialStock(),
                        now.stock() - then.stock(), now.issued() - then.issued(), now.completed() - then.completed(),
                        now.returned() - then.returned()));
            }
            deltas.add(new AccountLedger(account.accountId(), lines));
        }
        return deltas;
    }

    /** Checks a run: its delta against the devices it used, and every absolute line for balance. */
    public static ConservationReport check(List<AccountLedger> before, List<AccountLedger> after,
            List<DeviceHoldings> devices) {
        ConservationReport delta = ConservationCheck.check(between(before, after), devices);
        List<String> problems = new ArrayList<>(delta.problems());
        List<String> unbalanced = new ArrayList<>(delta.unbalanced());
        for (AccountLedger account : after) {
            for (LedgerLine line : account.offers()) {
                if (!line.balanced()) {
                    unbalanced.add(account.accountId() + "/" + line.offerId());
                    problems.add("ledger of " + account.accountId() + "/" + line.offerId() + " does not balance: "
                            + line.initialStock() + " != " + line.stock() + " + " + line.issued() + " - "
                            + line.returned());
                }
            }
        }
        return new ConservationReport(delta.issued(), delta.held(), delta.duplicated(), delta.lost(), delta.surplus(),
                delta.pending(), List.copyOf(unbalanced), List.copyOf(problems));
    }
}

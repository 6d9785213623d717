package dev.licex.protocol.audit;

import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.LedgerLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks exactly-once delivery after the fact (PRODUCT.md's quality bar): every account's stock
 * balances, every unit the server counts as delivered is held on exactly one device exactly once,
 * nothing is held that the server did not issue, and no transaction is left unfinished.
 */
public final class ConservationCheck {

    private ConservationCheck() {
    }

    public static ConservationReport check(List<AccountLedger> ledgers, List<DeviceHoldings> devices) {
        List<String> problems = new ArrayList<>();
        List<String> unbalanced = new ArrayList<>();
        Map<String, Long> issuedByOffer = new HashMap<>();
        long issued = 0;
        for (AccountLedger account : ledgers) {
            for (LedgerLine line : account.offers()) {
                if (!line.balanced()) {
                    unbalanced.add(account.accountId() + "/" + line.offerId());
                    problems.add("ledger of " + account.accountId() + "/" + line.offerId() + " does not balance: "
                            + line.initialStock() + " != " + line.stock() + " + " + line.issued() + " - "
                            + line.returned());
                }
                long outstanding = (long) line.issued() - line.returned();
                issued += outstanding;
                issuedByOffer.merge(account.accountId() + "/" + line.offerId(), outstanding, Long::sum);
            }
        }
        Set<UUID> seen = new HashSet<>();
        Map<String, Long> heldByOffer = new HashMap<>();
        long duplicated = 0;
        long pending = 0;
        for (DeviceHoldings device : devices) {
            pending += device.pending();
            for (DeviceHoldings.Held held : device.rights()) {
                if (!seen.add(held.rightsId())) {
                    duplicated++;
                    problems.add("rights " + held.rightsId() + " are held more than once");
                    continue;
                }
                heldByOffer.merge(held.accountId() + "/" + held.offerId(), 1L, Long::sum);
            }
        }
        long lost = 0;
        long surplus = 0;
        Set<String> offers = new HashSet<>(issuedByOffer.keySet());
        offers.addAll(heldByOffer.keySet());
        for (String offer : offers) {
            long difference = issuedByOffer.getOrDefault(offer, 0L) - heldByOffer.getOrDefault(offer, 0L);
            if (difference > 0) {
                lost += difference;
                problems.add(offer + ": " + difference + " issued unit(s) are held by no device");
            } else if (difference < 0) {
                surplus -= difference;
                problems.add(offer + ": devices hold " + -difference + " more than the server issued");
            }
        }
        if (pending > 0) {
            problems.add(pending + " transaction(s) are unfinished");
        }
        return new ConservationReport(issued, seen.size(), duplicated, lost, surplus, pending, unbalanced, problems);
    }
}

package dev.licex.protocol.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The verdict of a conservation check: the server's ledger against the devices' stores.
 *
 * @param issued      units the server counts as issued and not returned, over all offers
 * @param held        distinct rights objects held on the devices
 * @param duplicated  rights objects held more than once (on one device or on several)
 * @param lost        units issued by the server but held by no device
 * @param surplus     rights held on devices beyond what the server counts as issued
 * @param pending     transactions left unfinished on the devices
 * @param unbalanced  offers whose ledger breaks {@code initialStock == stock + issued - returned}
 */
public record ConservationReport(long issued, long held, long duplicated, long lost, long surplus, long pending,
        List<String> unbalanced, List<String> problems) {

    @JsonProperty("holds")
    public boolean holds() {
        return problems.isEmpty();
    }
}

package dev.licex.desktop.licenses;

import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One license as the list shows it. */
public record LicenseRow(HeldRights held, RightsStatus status) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy")
            .withZone(ZoneId.systemDefault());

    public String title() {
        return held.label() != null ? held.label() : held.rights().offerId();
    }

    public String playsLeft() {
        Integer left = held.playsLeft();
        return left == null ? "unlimited" : left + " of " + held.rights().rules().plays();
    }

    public String validFrom() {
        Instant from = held.rights().rules().notBeforeInstant();
        return from == null ? "now" : DATE.format(from);
    }

    public String validUntil() {
        Instant until = held.rights().rules().notAfterInstant();
        return until == null ? "no end" : DATE.format(until);
    }

    public String state() {
        return status.label();
    }

    public boolean usable() {
        return status == RightsStatus.VALID;
    }
}

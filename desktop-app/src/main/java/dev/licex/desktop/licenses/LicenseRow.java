package dev.licex.desktop.licenses;

import dev.licex.protocol.rights.ListedRights;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One license as the list shows it. */
public record LicenseRow(ListedRights rights, RightsStatus status) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy")
            .withZone(ZoneId.systemDefault());

    public static LicenseRow of(ListingEntry entry) {
        return new LicenseRow(entry.rights(), entry.status());
    }

    public String title() {
        return rights.name();
    }

    public String playsLeft() {
        Integer left = rights.playsLeft();
        return left == null ? "unlimited" : left + " of " + rights.plays();
    }

    public String validFrom() {
        Instant from = rights.notBefore();
        return from == null ? "now" : DATE.format(from);
    }

    public String validUntil() {
        Instant until = rights.notAfter();
        return until == null ? "no end" : DATE.format(until);
    }

    public String state() {
        return status.label();
    }

    public boolean usable() {
        return status == RightsStatus.VALID;
    }
}

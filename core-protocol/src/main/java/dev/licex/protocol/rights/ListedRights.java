package dev.licex.protocol.rights;

import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import java.time.Instant;
import java.util.UUID;

/**
 * What a listing shows of rights held on the device, read from the columns of their row: listing
 * 100,000 rights must not parse 100,000 JSON objects. The terms among them were copied from the
 * signed object when it was verified, and the row's seal covers both ({@link RightsSeal}).
 *
 * @param title the name the device gave the content when it acquired the rights, or null
 * @param plays the plays allowed, or null for unlimited
 * @param notBefore to the millisecond, or null when valid from the start
 * @param notAfter to the millisecond, or null when they never expire
 */
public record ListedRights(UUID rightsId, UUID transactionId, String offerId, String contentId, String title,
        Integer plays, Instant notBefore, Instant notAfter, int playsUsed, Instant storedAt, Custody custody) {

    /** The listing of rights whose signed object is {@code rights}. */
    public static ListedRights of(Rights rights, String title, int playsUsed, Instant storedAt, Custody custody) {
        Rules rules = rights.rules();
        return new ListedRights(rights.rightsId(), rights.transactionId(), rights.offerId(), rights.contentId(),
                title, rules.plays(), toMillis(rules.notBeforeInstant()), toMillis(rules.notAfterInstant()),
                playsUsed, storedAt, custody);
    }

    private static Instant toMillis(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }

    /** Whether the terms shown here are exactly those of the signed object {@code rights}. */
    public boolean shows(Rights rights) {
        return equals(of(rights, title, playsUsed, storedAt, custody));
    }

    /** The title, or the offer when the device gave the rights none. */
    public String name() {
        return title != null ? title : offerId;
    }

    /** Plays left, or null when the rights allow unlimited plays. */
    public Integer playsLeft() {
        return plays == null ? null : Math.max(0, plays - playsUsed);
    }

    /**
     * The status by custody and rules; whether the row is genuine is checked separately
     * ({@code ClientStore}).
     */
    public RightsStatus statusAt(Instant now) {
        if (custody == Custody.BEING_CANCELLED) {
            return RightsStatus.BEING_CANCELLED;
        }
        if (custody == Custody.BEING_RETURNED) {
            return RightsStatus.BEING_RETURNED;
        }
        if (notBefore != null && now.isBefore(notBefore)) {
            return RightsStatus.NOT_YET_VALID;
        }
        if (notAfter != null && !now.isBefore(notAfter)) {
            return RightsStatus.EXPIRED;
        }
        Integer left = playsLeft();
        if (left != null && left == 0) {
            return RightsStatus.USED_UP;
        }
        return RightsStatus.VALID;
    }
}

package dev.licex.protocol.rights;

import dev.licex.protocol.message.Rights;
import java.time.Instant;
import java.util.UUID;

/**
 * Rights stored on the device: the signed object exactly as it arrived, and how much of it was
 * used here.
 *
 * @param body the rights JSON as received, whose canonical form the signature covers
 * @param seal the device's record that the signature was verified when stored ({@link RightsSeal}), or null
 */
public record HeldRights(Rights rights, String body, String signature, String keyId, int playsUsed,
        Instant storedAt, String label, Custody custody, String seal) {

    public UUID rightsId() {
        return rights.rightsId();
    }

    /** Plays left, or null when the rights allow unlimited plays. */
    public Integer playsLeft() {
        Integer plays = rights.rules().plays();
        return plays == null ? null : Math.max(0, plays - playsUsed);
    }

    /**
     * The status by custody and rules; the signature is checked separately against the server's
     * pinned keys ({@code ClientStore.status}).
     */
    public RightsStatus statusAt(Instant now) {
        if (custody == Custody.BEING_CANCELLED) {
            return RightsStatus.BEING_CANCELLED;
        }
        if (custody == Custody.BEING_RETURNED) {
            return RightsStatus.BEING_RETURNED;
        }
        Instant notBefore = rights.rules().notBeforeInstant();
        Instant notAfter = rights.rules().notAfterInstant();
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

package dev.licex.protocol.rights;

import dev.licex.protocol.message.Rights;
import java.time.Instant;
import java.util.UUID;

/**
 * Rights stored on the device in full: the signed object exactly as it arrived, and its row as a
 * listing shows it.
 *
 * @param body the rights JSON as received, whose canonical form the signature covers
 * @param seal the device's record that the row was verified ({@link RightsSeal}), or null
 * @param listed the row's columns, as stored: {@link RightsIntegrity} checks that they show {@code rights}
 */
public record HeldRights(Rights rights, String body, String signature, String keyId, String seal,
        ListedRights listed) {

    public UUID rightsId() {
        return rights.rightsId();
    }

    public String label() {
        return listed.title();
    }

    public int playsUsed() {
        return listed.playsUsed();
    }

    public Instant storedAt() {
        return listed.storedAt();
    }

    public Custody custody() {
        return listed.custody();
    }

    /** Plays left, or null when the rights allow unlimited plays. */
    public Integer playsLeft() {
        return listed.playsLeft();
    }

    /** See {@link ListedRights#statusAt}. */
    public RightsStatus statusAt(Instant now) {
        return listed.statusAt(now);
    }
}

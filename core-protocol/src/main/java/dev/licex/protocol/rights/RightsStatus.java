package dev.licex.protocol.rights;

/** Whether held rights can be used now, and if not, why. */
public enum RightsStatus {
    VALID("valid"),
    NOT_YET_VALID("not yet valid"),
    EXPIRED("expired"),
    USED_UP("used up"),
    SIGNATURE_INVALID("signature invalid"),
    BEING_CANCELLED("being cancelled"),
    BEING_RETURNED("being returned");

    private final String label;

    RightsStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

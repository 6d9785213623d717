package dev.licex.cli;

import dev.licex.protocol.rights.ListedRights;

/** Rights in one line of words. */
final class RightsText {
    private RightsText() {
    }

    static String describe(ListedRights rights) {
        return rights.name() + " (offer " + rights.offerId() + "): " + rules(rights) + "; rights " + rights.rightsId();
    }

    static String rules(ListedRights rights) {
        StringBuilder s = new StringBuilder();
        Integer left = rights.playsLeft();
        s.append(left == null ? "unlimited plays" : left + " of " + rights.plays() + " plays left");
        if (rights.notBefore() != null) {
            s.append(", from ").append(rights.notBefore());
        }
        s.append(rights.notAfter() == null ? ", no expiry" : ", until " + rights.notAfter());
        return s.toString();
    }
}

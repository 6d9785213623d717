package dev.licex.cli;

import dev.licex.protocol.message.Rules;
import dev.licex.protocol.rights.HeldRights;

/** Rights in one line of words. */
final class RightsText {
    private RightsText() {
    }

    static String describe(HeldRights held) {
        String name = held.label() != null ? held.label() : held.rights().offerId();
        return name + " (offer " + held.rights().offerId() + "): " + rules(held) + "; rights " + held.rightsId();
    }

    static String rules(HeldRights held) {
        Rules rules = held.rights().rules();
        StringBuilder s = new StringBuilder();
        Integer left = held.playsLeft();
        s.append(left == null ? "unlimited plays" : left + " of " + rules.plays() + " plays left");
        if (rules.notBefore() != null) {
            s.append(", from ").append(rules.notBefore());
        }
        s.append(rules.notAfter() == null ? ", no expiry" : ", until " + rules.notAfter());
        return s.toString();
    }
}

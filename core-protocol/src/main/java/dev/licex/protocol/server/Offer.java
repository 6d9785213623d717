package dev.licex.protocol.server;

import dev.licex.protocol.message.OfferRules;
import java.util.regex.Pattern;

/** Something rights can be acquired for, with the stock each account starts with. */
public record Offer(String offerId, String contentId, String title, String kind, String description,
        OfferRules rules, int defaultStock) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public Offer {
        if (!isValidId(offerId) || !isValidId(contentId)) {
            throw new IllegalArgumentException("offer and content ids are 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'");
        }
        if (defaultStock < 0) {
            throw new IllegalArgumentException("stock cannot be negative");
        }
    }

    public Offer withDefaultStock(int stock) {
        return new Offer(offerId, contentId, title, kind, description, rules, stock);
    }
}

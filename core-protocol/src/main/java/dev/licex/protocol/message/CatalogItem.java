package dev.licex.protocol.message;

/** One offer as the catalog shows it; {@code stock} is the calling account's. */
public record CatalogItem(
        String offerId,
        String contentId,
        String title,
        String kind,
        String description,
        OfferRules rules,
        int stock) {
}

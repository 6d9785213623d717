package dev.licex.protocol.message;

import java.util.List;

/** {@code GET /v1/catalog}: one page of offers and the number of offers that match in all. */
public record CatalogPage(List<CatalogItem> items, long total) {
}

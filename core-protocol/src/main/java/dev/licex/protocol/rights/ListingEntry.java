package dev.licex.protocol.rights;

/** One line of a listing: the rights as their row shows them, and their status as a user should see it. */
public record ListingEntry(ListedRights rights, RightsStatus status) {
}

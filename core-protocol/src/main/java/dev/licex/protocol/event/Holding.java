package dev.licex.protocol.event;

import java.util.UUID;

/**
 * What one side holds durably for one transaction right after a write: enough to draw the
 * holding bars of the handshake view and to explain why each piece is kept.
 *
 * @param state      the side's own state name for the transaction, or null once it is gone
 * @param offerId    the offer requested, once stored
 * @param rightsId   the rights issued or held, once stored
 * @param stock      the server's remaining stock for the offer (server side only)
 * @param holdsId    whether the transaction id is still held (not archived or purged)
 * @param holdsRights whether this side holds usable rights for the transaction
 */
public record Holding(String state, String offerId, UUID rightsId, Integer stock, boolean holdsId,
        boolean holdsRights) {
}

package dev.licex.protocol.message;

/** Leg 3: the client asks for rights to an offer under its transaction id. */
public record RightsRequest(String offerId) {
}

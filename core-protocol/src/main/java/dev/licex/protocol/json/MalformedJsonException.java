package dev.licex.protocol.json;

/** A document that is not the JSON it should be: malformed, truncated, or of the wrong shape. */
public final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String reason) {
        super(reason == null ? "malformed JSON" : reason);
    }
}

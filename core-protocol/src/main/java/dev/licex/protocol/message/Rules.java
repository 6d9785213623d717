package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a rights object allows. Null means unlimited: no play count, no start, no end.
 * Always written with its nulls, because the signature covers every key.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Rules(Integer plays, String notBefore, String notAfter) {

    public static Rules unlimited() {
        return new Rules(null, null, null);
    }

    public Instant notBeforeInstant() {
        return notBefore == null ? null : Instant.parse(notBefore);
    }

    public Instant notAfterInstant() {
        return notAfter == null ? null : Instant.parse(notAfter);
    }
}

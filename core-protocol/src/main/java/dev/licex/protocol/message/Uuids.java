package dev.licex.protocol.message;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/** Transaction and device ids: RFC 9562 UUIDs in lowercase canonical text. */
public final class Uuids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuids() {
    }

    /**
     * A version 7 UUID: a millisecond timestamp then random bits. Time-ordered ids keep the
     * stores' primary-key indexes compact as transactions accumulate.
     */
    public static UUID v7() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses lowercase canonical text of an RFC 9562 UUID; null when it is not one. */
    public static UUID parse(String text) {
        if (text == null || text.length() != 36 || !CANONICAL.matcher(text).matches()) {
            return null;
        }
        return UUID.fromString(text);
    }

    /** Like {@link #parse} but only versions 4 and 7, the ones a client may choose for a transaction. */
    public static UUID parseTransactionId(String text) {
        UUID id = parse(text);
        return id != null && (id.version() == 4 || id.version() == 7) ? id : null;
    }
}

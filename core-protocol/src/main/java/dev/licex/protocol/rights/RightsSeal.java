package dev.licex.protocol.rights;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A device's record that stored rights passed their signature check: an HMAC-SHA256 under a secret
 * of this device's store over the signed body and the columns a listing shows of it. It lets a
 * listing of many rights skip the Ed25519 check for rows that are exactly as they were verified;
 * a row with an edited body or edited terms, or one copied from another device, does not match and
 * is verified in full. It is a cache, not a protection: anyone who can edit the store can read its
 * secret, which is why using rights always verifies the signature.
 *
 * <p>The title and this device's own bookkeeping (plays used, custody, when stored) are not
 * covered: the server signed none of them, so a full check could not vouch for them either.
 */
public final class RightsSeal {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    /** A Mac per thread, keyed once: looking one up and keying it costs more than sealing a row. */
    private final ThreadLocal<Mac> macs;

    private RightsSeal(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static RightsSeal of(String storedSecret) {
        return new RightsSeal(Base64.getDecoder().decode(storedSecret));
    }

    /** A fresh secret for a device store, in the form it is stored. */
    public static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public String seal(UUID deviceId, String keyId, String signature, String body, ListedRights listed) {
        Mac mac = macs.get();
        for (Object part : new Object[] {deviceId, keyId, signature, body, listed.rightsId(), listed.transactionId(),
                listed.offerId(), listed.contentId(), listed.plays(), millis(listed.notBefore()),
                millis(listed.notAfter())}) {
            if (part == null) {
                // a length no value has: an absent rule is never confused with an empty one
                mac.update(ByteBuffer.allocate(4).putInt(-1).flip());
                continue;
            }
            byte[] bytes = part.toString().getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
            mac.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** Whether {@code stored} is this device's seal of exactly this row. */
    public boolean matches(String stored, UUID deviceId, String keyId, String signature, String body,
            ListedRights listed) {
        return stored != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                seal(deviceId, keyId, signature, body, listed).getBytes(StandardCharsets.US_ASCII));
    }
}

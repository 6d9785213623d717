package dev.licex.protocol.rights;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A device's record that stored rights passed their signature check: an HMAC-SHA256 over the row
 * under a secret of this device's store. It lets a listing of many rights skip the Ed25519 check
 * for rows that are exactly as they were verified; an edited row or one copied from another
 * device does not match and is verified in full. It is a cache, not a protection: anyone who can
 * edit the store can read its secret, which is why using rights always verifies the signature.
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

    public String seal(UUID deviceId, String keyId, String signature, String body) {
        Mac mac = macs.get();
        for (String part : new String[] {deviceId.toString(), keyId, signature, body}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
            mac.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }

    /** Whether {@code stored} is this device's seal of exactly this row. */
    public boolean matches(String stored, UUID deviceId, String keyId, String signature, String body) {
        return stored != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                seal(deviceId, keyId, signature, body).getBytes(StandardCharsets.US_ASCII));
    }
}

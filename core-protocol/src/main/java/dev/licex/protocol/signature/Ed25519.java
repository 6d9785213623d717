package dev.licex.protocol.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Ed25519 keys from the JDK, signatures by BouncyCastle, with the raw 32-byte public key that JWK uses. */
public final class Ed25519 {

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int RAW_KEY_LENGTH = 32;

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - RAW_KEY_LENGTH, der.length);
    }

    public static PublicKey publicKeyFromRaw(byte[] raw) {
        if (raw.length != RAW_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + RAW_KEY_LENGTH);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, RAW_KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static PrivateKey privateKeyFromPkcs8(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /**
     * Signs with BouncyCastle's Ed25519 (RFC 8032), several times faster than the JDK's on the
     * server's hot path; Ed25519 is deterministic, so the signature is the same bytes either way.
     * Given the public key, BouncyCastle does not derive it again from the private key, which
     * would cost a scalar multiplication, about a third of a signature.
     */
    public static byte[] sign(PrivateKey key, PublicKey publicKey, byte[] message) {
        byte[] signature = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed(key), 0, rawPublicKey(publicKey), 0, message, 0,
                message.length, signature, 0);
        return signature;
    }

    /** Whether {@code publicKey} is the one that belongs to {@code key}. */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        byte[] derived = new byte[RAW_KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed(key), 0, derived, 0);
        return Arrays.equals(derived, rawPublicKey(publicKey));
    }

    private static byte[] seed(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        return edec.getBytes().get();
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        return verify(rawPublicKey(key), message, signatureBytes);
    }

    /** Verifies against the raw 32-byte public key of a JWK, as clients do for every rights object. */
    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signatureBytes) {
        if (rawPublicKey.length != RAW_KEY_LENGTH
                || signatureBytes.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signatureBytes, 0, rawPublicKey, 0, message, 0,
                message.length);
    }
}

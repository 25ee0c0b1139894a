package io.possync.gateway.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with a UTF-8 text key, and the constant-time comparison every signature check must use. */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {
    }

    public static byte[] sign(String key, byte[] message) {
        try {
            // Mac instances are not thread-safe and cheap to create next to the hash itself.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /**
     * Compares in time independent of where the arrays differ, so a caller cannot learn a valid
     * signature byte by byte from response times.
     */
    public static boolean matches(byte[] expected, byte[] presented) {
        return presented != null && MessageDigest.isEqual(expected, presented);
    }
}

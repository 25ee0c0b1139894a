package io.possync.gateway.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with a UTF-8 text key, and the constant-time comparison every signature check must use. */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEYS_PER_THREAD = 64;
    /**
     * Initialised instances per thread (a {@code Mac} is not thread-safe), by key, the least recently used
     * dropped beyond {@value #KEYS_PER_THREAD}: looking the algorithm up and deriving the key's pads for
     * every webhook was about 2% of the gateway benchmark's CPU. {@code doFinal} leaves an instance ready
     * for the next message.
     */
    private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Mac> eldest) {
                    return size() > KEYS_PER_THREAD;
                }
            });

    private HmacSha256() {
    }

    public static byte[] sign(String key, byte[] message) {
        return MACS.get().computeIfAbsent(key, HmacSha256::keyed).doFinal(message);
    }

    private static Mac keyed(String key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
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

package io.possync.gateway.signature;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Zettle Pusher's {@code X-iZettle-Signature}: lowercase hex of HMAC-SHA256 keyed with the
 * subscription's {@code signingKey} (UTF-8) over {@code timestamp + "." + payload}, both taken from
 * the delivery envelope as strings.
 */
public final class ZettleSignature {

    private ZettleSignature() {
    }

    /** The header value Pusher sends for an envelope with this timestamp and payload. */
    public static String sign(String signingKey, String timestamp, String payload) {
        return HexFormat.of().formatHex(HmacSha256.sign(signingKey, message(timestamp, payload)));
    }

    /** True if {@code header} signs {@code timestamp.payload} under any of {@code signingKeys}. */
    public static boolean verify(String timestamp, String payload, String header, List<String> signingKeys) {
        byte[] presented = decode(header);
        if (presented == null) {
            return false;
        }
        byte[] message = message(timestamp, payload);
        boolean valid = false;
        for (String key : signingKeys) {
            valid |= HmacSha256.matches(HmacSha256.sign(key, message), presented);
        }
        return valid;
    }

    private static byte[] message(String timestamp, String payload) {
        return (timestamp + "." + payload).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            // documented as lowercase; HexFormat also takes uppercase, which costs nothing in safety
            return HexFormat.of().parseHex(header.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

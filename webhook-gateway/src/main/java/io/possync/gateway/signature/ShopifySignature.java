package io.possync.gateway.signature;

import java.util.Base64;
import java.util.List;

/**
 * Shopify's {@code X-Shopify-Hmac-Sha256}: standard base64 of HMAC-SHA256 keyed with the app's client
 * secret (UTF-8) over the raw body bytes. The body must be the bytes as received: Shopify's JSON can
 * hold {@code \/} and {@code \u0026} escapes that a re-serialisation would change.
 */
public final class ShopifySignature {

    private ShopifySignature() {
    }

    /** The header value Shopify sends for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(HmacSha256.sign(secret, body));
    }

    /** True if {@code header} is the signature of {@code body} under any of {@code secrets}. */
    public static boolean verify(byte[] body, String header, List<String> secrets) {
        byte[] presented = decode(header);
        if (presented == null) {
            return false;
        }
        boolean valid = false;
        for (String secret : secrets) {
            // every secret is tried, so the answer time does not reveal which one matched
            valid |= HmacSha256.matches(HmacSha256.sign(secret, body), presented);
        }
        return valid;
    }

    private static byte[] decode(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.possync.sandbox.woocommerce;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API keys and the OAuth 1.0a one-legged check WooCommerce makes over plain HTTP
 * ({@code class-wc-rest-authentication.php}): known consumer key, HMAC-SHA1 or HMAC-SHA256 keyed with
 * {@code secret&}, timestamp within the window, nonce unused within the window, signature over
 * {@code METHOD&enc(base URL)&enc(sorted enc(k)=enc(v))} (body unsigned). Written independently of the
 * connector's signer, so each checks the other.
 */
final class WooAuthority {

    private final Clock clock;
    private final Duration window;
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Instant> nonces = new HashMap<>();

    WooAuthority(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    synchronized void accept(String consumerKey, String consumerSecret) {
        secrets.put(consumerKey, consumerSecret);
    }

    synchronized void reset() {
        secrets.clear();
        nonces.clear();
    }

    /**
     * Checks an OAuth-signed request; throws the error WooCommerce answers.
     *
     * @param url    the request URL as the server sees it (scheme, host, port, path)
     * @param params decoded query (or Authorization: OAuth) parameters, oauth_signature included
     */
    synchronized void verify(String method, URI url, List<Map.Entry<String, String>> params) {
        Map<String, String> oauth = new HashMap<>();
        params.stream().filter(e -> e.getKey().startsWith("oauth_")).forEach(e -> oauth.put(e.getKey(), e.getValue()));
        for (String required : List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature",
                "oauth_signature_method")) {
            if (!oauth.containsKey(required)) {
                throw failure("Missing OAuth parameter " + required);
            }
        }
        String secret = secrets.get(oauth.get("oauth_consumer_key"));
        if (secret == null) {
            throw failure("Consumer key is invalid.");
        }
        String algorithm = switch (oauth.get("oauth_signature_method")) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> throw failure("Invalid signature - signature method is invalid.");
        };
        List<Map.Entry<String, String>> signed = new ArrayList<>(params.stream()
                .filter(e -> !"oauth_signature".equals(e.getKey())).toList());
        byte[] expected = hmac(algorithm, secret + "&", baseString(method, url, signed));
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(oauth.get("oauth_signature"));
        } catch (IllegalArgumentException e) {
            throw failure("Invalid signature - provided signature does not match.");
        }
        if (!MessageDigest.isEqual(expected, presented)) {
            throw failure("Invalid signature - provided signature does not match.");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(oauth.get("oauth_timestamp"));
        } catch (NumberFormatException e) {
            throw failure("Invalid timestamp.");
        }
        Instant now = clock.instant();
        if (Math.abs(now.getEpochSecond() - timestamp) > window.toSeconds()) {
            throw failure("Invalid timestamp.");
        }
        nonces.values().removeIf(seen -> seen.isBefore(now.minus(window)));
        String nonceKey = oauth.get("oauth_consumer_key") + "|" + oauth.get("oauth_nonce");
        if (nonces.putIfAbsent(nonceKey, now) != null) {
            throw failure("Invalid nonce - nonce has already been used.");
        }
    }

    static String baseString(String method, URI url, List<Map.Entry<String, String>> params) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : params) {
            pairs.add(rfc3986(e.getKey()) + "=" + rfc3986(e.getValue()));
        }
        pairs.sort(String::compareTo);
        int port = url.getPort();
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        boolean standard = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String base = scheme + "://" + host + (standard ? "" : ":" + port) + url.getRawPath();
        return method.toUpperCase(Locale.ROOT) + "&" + rfc3986(base) + "&" + rfc3986(String.join("&", pairs));
    }

    private static String rfc3986(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(String algorithm, String key, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WooApiError failure(String message) {
        return new WooApiError(401, "woocommerce_rest_authentication_error", message);
    }
}

package io.possync.connector.woocommerce.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a one-legged signing as WooCommerce checks it over plain HTTP
 * ({@code class-wc-rest-authentication.php}): HMAC-SHA256 keyed with {@code consumer_secret + "&"}
 * (no token secret, the secret itself not encoded) over
 * {@code METHOD&enc(base URL)&enc(sorted enc(k)=enc(v) joined by &)}; the body is never signed.
 */
public final class OAuth1Signer {

    public static final String METHOD = "HMAC-SHA256";

    private OAuth1Signer() {
    }

    /** The OAuth parameters (signature included) to add to a request's query string. */
    public static List<Map.Entry<String, String>> sign(String httpMethod, String url, List<Map.Entry<String, String>> query,
                                                       String consumerKey, String consumerSecret, long timestamp,
                                                       String nonce) {
        List<Map.Entry<String, String>> oauth = new ArrayList<>(List.of(
                Map.entry("oauth_consumer_key", consumerKey),
                Map.entry("oauth_nonce", nonce),
                Map.entry("oauth_signature_method", METHOD),
                Map.entry("oauth_timestamp", Long.toString(timestamp))));
        List<Map.Entry<String, String>> all = new ArrayList<>(query);
        all.addAll(oauth);
        oauth.add(Map.entry("oauth_signature", signature(httpMethod, url, all, consumerSecret)));
        return oauth;
    }

    public static String signature(String httpMethod, String url, List<Map.Entry<String, String>> params,
                                   String consumerSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(baseString(httpMethod, url, params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public static String baseString(String httpMethod, String url, List<Map.Entry<String, String>> params) {
        List<String> pairs = new ArrayList<>(params.size());
        for (Map.Entry<String, String> param : params) {
            pairs.add(encode(param.getKey()) + "=" + encode(param.getValue()));
        }
        // WooCommerce sorts by (encoded) key with strcmp; keys are unique in a PHP array, so the value never decides
        pairs.sort(null);
        return httpMethod.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(url)) + "&" + encode(String.join("&", pairs));
    }

    /** Scheme and host lower-cased, default port dropped, no query or fragment. */
    static String baseUrl(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + uri.getRawPath();
    }

    /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - . _ ~}, as UTF-8 bytes. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

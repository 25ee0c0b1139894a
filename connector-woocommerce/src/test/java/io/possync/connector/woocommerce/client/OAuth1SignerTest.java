package io.possync.connector.woocommerce.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OAuth1SignerTest {

    private static final List<Map.Entry<String, String>> QUERY = List.of(
            Map.entry("sku", "A B,ø/1"), Map.entry("per_page", "100"), Map.entry("dates_are_gmt", "true"));

    // Computed independently (Python's urllib quote with safe='-._~', then
    // openssl dgst -sha256 -hmac 'cs_9b8a7f6e&' -binary | base64).
    private static final String BASE = "GET&http%3A%2F%2Fshop.example%3A8080%2Fwp-json%2Fwc%2Fv3%2Fproducts"
            + "&dates_are_gmt%3Dtrue%26oauth_consumer_key%3Dck_4f1c9e2a%26oauth_nonce%3D7d8f3e4a1b"
            + "%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1795392000%26per_page%3D100"
            + "%26sku%3DA%2520B%252C%25C3%25B8%252F1";
    private static final String SIGNATURE = "3uXqmGTCVU+nCXF0UCxGmTgTj+upzaDyk6QybnsGfxc=";

    @Test
    void signsLikeAnIndependentImplementation() {
        List<Map.Entry<String, String>> oauth = OAuth1Signer.sign("GET",
                "http://Shop.Example:8080/wp-json/wc/v3/products", QUERY, "ck_4f1c9e2a", "cs_9b8a7f6e",
                1795392000L, "7d8f3e4a1b");

        assertThat(oauth).containsExactly(
                Map.entry("oauth_consumer_key", "ck_4f1c9e2a"),
                Map.entry("oauth_nonce", "7d8f3e4a1b"),
                Map.entry("oauth_signature_method", "HMAC-SHA256"),
                Map.entry("oauth_timestamp", "1795392000"),
                Map.entry("oauth_signature", SIGNATURE));
    }

    @Test
    void baseStringSortsEncodedParametersAndNormalisesTheUrl() {
        List<Map.Entry<String, String>> params = new java.util.ArrayList<>(QUERY);
        params.addAll(List.of(Map.entry("oauth_consumer_key", "ck_4f1c9e2a"), Map.entry("oauth_nonce", "7d8f3e4a1b"),
                Map.entry("oauth_signature_method", "HMAC-SHA256"), Map.entry("oauth_timestamp", "1795392000")));

        assertThat(OAuth1Signer.baseString("get", "http://shop.example:8080/wp-json/wc/v3/products?ignored=1", params))
                .isEqualTo(BASE);
        assertThat(OAuth1Signer.baseUrl("HTTP://Shop.Example:80/wp-json/wc/v3/orders"))
                .isEqualTo("http://shop.example/wp-json/wc/v3/orders");
    }

    @Test
    void encodesPerRfc3986() {
        assertThat(OAuth1Signer.encode("a-b._~ +*/ø%")).isEqualTo("a-b._~%20%2B%2A%2F%C3%B8%25");
    }

    @Test
    void anyChangeOfAParameterChangesTheSignature() {
        String original = OAuth1Signer.signature("GET", "http://shop.example/wp-json/wc/v3/orders",
                List.of(Map.entry("page", "1")), "secret");
        assertThat(OAuth1Signer.signature("GET", "http://shop.example/wp-json/wc/v3/orders",
                List.of(Map.entry("page", "2")), "secret")).isNotEqualTo(original);
        assertThat(OAuth1Signer.signature("POST", "http://shop.example/wp-json/wc/v3/orders",
                List.of(Map.entry("page", "1")), "secret")).isNotEqualTo(original);
        assertThat(OAuth1Signer.signature("GET", "http://shop.example/wp-json/wc/v3/orders",
                List.of(Map.entry("page", "1")), "other")).isNotEqualTo(original);
    }
}

package io.possync.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import io.possync.common.connection.Connection;
import io.possync.gateway.delivery.Delivery;
import io.possync.schemas.avro.SystemKind;

class WooCommerceWebhooksTest {

    // PHP's wp_json_encode output: \/ and \u00f8 escapes that any re-serialisation would change.
    private static final byte[] ORDER = ("{\"id\":727,\"status\":\"processing\",\"currency\":\"DKK\","
            + "\"date_modified_gmt\":\"2026-11-20T09:15:30\",\"billing\":{\"first_name\":\"S\\u00f8ren\","
            + "\"email\":\"soren@example.com\"},\"_links\":{\"self\":[{\"href\":"
            + "\"https:\\/\\/shop.example\\/wp-json\\/wc\\/v3\\/orders\\/727\"}]}}").getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "wc_secret_9f2c";
    // printf '%s' "$ORDER" | openssl dgst -sha256 -hmac 'wc_secret_9f2c' -binary | base64
    private static final String EXPECTED = "baSEi9LsZcDVsLEnDAM3fVtRG/+7DFVHOJIUjL26Owg=";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    /** The request's headers as the gateway forwards them ({@link ForwardedHeadersTest}). */
    private static final Map<String, String> FORWARDED = Map.of("x-wc-webhook-topic", "order.updated");

    private final WooCommerceWebhooks woo = new WooCommerceWebhooks();

    private Optional<Delivery> read(Connection connection, HttpHeaders headers, byte[] body, Instant receivedAt) {
        return woo.read(connection, headers, FORWARDED, body, receivedAt);
    }

    @Test
    void signsLikeOpenssl() {
        assertThat(WooCommerceWebhooks.sign(SECRET, ORDER)).isEqualTo(EXPECTED);
        // the secret passes wp_specialchars_decode first:
        // printf '%s' "$ORDER" | openssl dgst -sha256 -hmac 'a&b<c' -binary | base64
        assertThat(WooCommerceWebhooks.sign("a&amp;b&lt;c", ORDER)).isEqualTo("RDpxOGgNh5xXEw+r0dpo2bBOtykS37pAj1Jv2xCGy+E=");
    }

    @Test
    void signedOrderIsReadWithTheResourceVersionAsDedupeKey() {
        Delivery delivery = read(connection(SECRET, null, null), headers("order.updated", EXPECTED, "d1"), ORDER,
                NOW).orElseThrow();

        assertThat(delivery.system()).isEqualTo(SystemKind.WOOCOMMERCE);
        assertThat(delivery.topic()).isEqualTo("order.updated");
        assertThat(delivery.dedupeKey()).isEqualTo("order.updated|727|2026-11-20T09:15:30");
        assertThat(delivery.deliveryId()).isEqualTo("d1");
        assertThat(delivery.body()).isEqualTo(ORDER);
        assertThat(delivery.headers()).isEqualTo(FORWARDED);
    }

    @Test
    void sameVersionSentTwiceWithNewDeliveryIdsHasOneDedupeKey() {
        Connection connection = connection(SECRET, null, null);
        Delivery first = read(connection, headers("order.updated", EXPECTED, "d1"), ORDER, NOW).orElseThrow();
        Delivery second = read(connection, headers("order.updated", EXPECTED, "d2"), ORDER, NOW).orElseThrow();

        assertThat(second.dedupeKey()).isEqualTo(first.dedupeKey());
        assertThat(second.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void creationPingIsAcknowledgedWithoutPublishing() {
        assertThat(read(connection(SECRET, null, null), new HttpHeaders(),
                "webhook_id=15".getBytes(StandardCharsets.UTF_8), NOW)).isEmpty();
    }

    @Test
    void tamperedOrReserialisedBodyAndMissingSignatureAreRefused() {
        Connection connection = connection(SECRET, null, null);
        byte[] reserialised = new String(ORDER, StandardCharsets.UTF_8).replace("\\/", "/")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> read(connection, headers("order.updated", EXPECTED, "d1"), reserialised, NOW))
                .isInstanceOf(WebhookRejection.class).extracting("code").isEqualTo("bad_signature");
        assertThatThrownBy(() -> read(connection, headers("order.updated", null, "d1"), ORDER, NOW))
                .isInstanceOf(WebhookRejection.class).extracting("code").isEqualTo("bad_signature");
        assertThatThrownBy(() -> read(connection, headers("order.updated", "garbage!!", "d1"), ORDER, NOW))
                .isInstanceOf(WebhookRejection.class).extracting("code").isEqualTo("bad_signature");
        assertThatThrownBy(() -> read(connection, headers(null, EXPECTED, "d1"), ORDER, NOW))
                .isInstanceOf(WebhookRejection.class).extracting("code").isEqualTo("missing_header");
    }

    @Test
    void previousSecretIsAcceptedOnlyDuringItsGracePeriod() {
        Connection rotated = connection("wc_new", SECRET, NOW.plus(Duration.ofHours(1)));

        assertThat(read(rotated, headers("order.updated", EXPECTED, "d1"), ORDER, NOW.plus(Duration.ofMinutes(59))))
                .isPresent();
        assertThatThrownBy(() -> read(rotated, headers("order.updated", EXPECTED, "d1"), ORDER,
                NOW.plus(Duration.ofMinutes(61)))).isInstanceOf(WebhookRejection.class);
    }

    @Test
    void deletedPayloadAndActionPayloadGetUsableKeys() {
        byte[] deleted = "{\"id\":88}".getBytes(StandardCharsets.UTF_8);
        byte[] action = "{\"action\":\"woocommerce_thing\",\"arg\":5}".getBytes(StandardCharsets.UTF_8);
        Connection connection = connection(SECRET, null, null);

        assertThat(read(connection, headers("product.deleted", WooCommerceWebhooks.sign(SECRET, deleted), "d9"),
                deleted, NOW).orElseThrow().dedupeKey()).isEqualTo("product.deleted|88");
        assertThat(read(connection, headers("action.woocommerce_thing", WooCommerceWebhooks.sign(SECRET, action),
                "d10"), action, NOW).orElseThrow().dedupeKey()).isEqualTo("action.woocommerce_thing|delivery|d10");
    }

    @Test
    void comparesInConstantTime() {
        assertThat(classFileText(WooCommerceWebhooks.class))
                .contains("io/possync/gateway/signature/HmacSha256", "matches")
                .doesNotContain("java/util/Arrays");
    }

    private static HttpHeaders headers(String topic, String signature, String deliveryId) {
        HttpHeaders headers = new HttpHeaders();
        if (topic != null) {
            headers.add(WooCommerceWebhooks.TOPIC, topic);
            headers.add("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')));
        }
        if (signature != null) {
            headers.add(WooCommerceWebhooks.SIGNATURE, signature);
        }
        headers.add(WooCommerceWebhooks.DELIVERY_ID, deliveryId);
        headers.add("X-WC-Webhook-Source", "https://shop.example/");
        return headers;
    }

    private static Connection connection(String secret, String previous, Instant previousUntil) {
        return new Connection("woo-1", "tenant-1", SystemKind.WOOCOMMERCE, "https://shop.example",
                Map.of("consumerKey", "ck_1", "consumerSecret", "cs_1"), secret, previous, previousUntil);
    }

    /** The compiled class's constant pool as text, to check which methods it calls. */
    private static String classFileText(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.possync.gateway.web;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import io.possync.common.connection.Connection;
import io.possync.gateway.delivery.Delivery;
import io.possync.gateway.signature.HmacSha256;
import io.possync.schemas.avro.SystemKind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WooCommerce deliveries: the resource JSON as the REST API shows it, signed with
 * {@code X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, raw body))}. WooCommerce never
 * retries and sends a new {@code X-WC-Webhook-Delivery-ID} on every send, so duplicates (repeated
 * {@code order.created}, bursts of {@code order.updated}) are recognised by the resource version:
 * {@code topic|id|date_modified_gmt}.
 */
@Component
class WooCommerceWebhooks implements VendorWebhooks {

    static final String TOPIC = "X-WC-Webhook-Topic";
    static final String SIGNATURE = "X-WC-Webhook-Signature";
    static final String DELIVERY_ID = "X-WC-Webhook-Delivery-ID";

    private static final Logger log = LoggerFactory.getLogger(WooCommerceWebhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");

    @Override
    public SystemKind system() {
        return SystemKind.WOOCOMMERCE;
    }

    /** WooCommerce waits 60 s, and never retries a failed delivery. */
    @Override
    public Duration answerWindow() {
        return Duration.ofSeconds(60);
    }

    @Override
    public void checkHeaders(HttpHeaders headers) {
        // the creation ping carries no X-WC headers at all, so headers are checked once the body is known
    }

    @Override
    public Optional<Delivery> read(Connection connection, HttpHeaders headers, Map<String, String> forwarded,
                                   byte[] body, Instant receivedAt) {
        String topic = headers.getFirst(TOPIC);
        String signature = headers.getFirst(SIGNATURE);
        if (isBlank(topic) && isBlank(signature) && isPing(body)) {
            // Sent once when a webhook is created, unsigned and without headers; only an exact 200
            // clears the webhook's pending state. Nothing to publish, and a forged one has no effect.
            log.info("WooCommerce webhook ping for connection {} acknowledged", connection.id());
            return Optional.empty();
        }
        if (isBlank(topic)) {
            throw WebhookRejection.badRequest("missing_header", "header " + TOPIC + " is required");
        }
        if (!verify(body, signature, connection.webhookSecretsAt(receivedAt))) {
            throw WebhookRejection.badSignature(SIGNATURE + " does not match the body");
        }
        String dedupeKey = dedupeKey(topic, parse(body), headers.getFirst(DELIVERY_ID));
        return Optional.of(new Delivery(connection, SystemKind.WOOCOMMERCE, topic, dedupeKey,
                headers.getFirst(DELIVERY_ID), forwarded, body, receivedAt));
    }

    /** The header WooCommerce sends for {@code body} signed with {@code secret}. */
    static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(HmacSha256.sign(specialCharsDecoded(secret), body));
    }

    static boolean verify(byte[] body, String header, List<String> secrets) {
        byte[] presented = decode(header);
        if (presented == null) {
            return false;
        }
        boolean valid = false;
        for (String secret : secrets) {
            // every secret is tried, so the answer time does not reveal which one matched
            valid |= HmacSha256.matches(HmacSha256.sign(specialCharsDecoded(secret), body), presented);
        }
        return valid;
    }

    /**
     * WooCommerce keys the HMAC with {@code wp_specialchars_decode($secret, ENT_QUOTES)}: a secret
     * holding HTML entities is signed with the decoded characters. Secrets we generate have none,
     * so this only matters for secrets typed into wp-admin.
     */
    static String specialCharsDecoded(String secret) {
        if (secret.indexOf('&') < 0) {
            return secret;
        }
        return secret.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#039;", "'").replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
    }

    /**
     * {@code topic|id|date_modified_gmt} for created/updated/restored payloads (the whole resource);
     * {@code topic|id} for deleted ones ({@code {"id":N}}: a resource is deleted once); the delivery id
     * when the payload has no id (custom {@code action.*} topics), which means no deduplication.
     */
    static String dedupeKey(String topic, JsonNode payload, String deliveryId) {
        JsonNode id = payload.get("id");
        if (id == null || id.isNull() || !(id.isIntegralNumber() || id.isString())) {
            if (isBlank(deliveryId)) {
                throw WebhookRejection.badRequest("malformed_body", "payload has no id and there is no "
                        + DELIVERY_ID + " header");
            }
            return topic + "|delivery|" + deliveryId;
        }
        List<String> parts = new ArrayList<>(List.of(topic, id.asString()));
        JsonNode modified = payload.get("date_modified_gmt");
        if (modified != null && modified.isString() && !modified.stringValue().isBlank()) {
            parts.add(modified.stringValue());
        }
        return String.join("|", parts);
    }

    private static boolean isPing(byte[] body) {
        return body.length < 64 && PING.matcher(new String(body, StandardCharsets.US_ASCII).trim()).matches();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw WebhookRejection.badRequest("malformed_body", "body is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw WebhookRejection.badRequest("malformed_body", "body is not valid JSON");
        }
    }

    private static byte[] decode(String header) {
        if (isBlank(header)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

package io.possync.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import io.possync.common.connection.Connection;
import io.possync.gateway.delivery.Delivery;
import io.possync.gateway.signature.ShopifySignature;
import io.possync.schemas.avro.SystemKind;

@Component
class ShopifyWebhooks implements VendorWebhooks {

    static final String TOPIC = "X-Shopify-Topic";
    static final String HMAC = "X-Shopify-Hmac-Sha256";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    static final String EVENT_ID = "X-Shopify-Event-Id";

    @Override
    public SystemKind system() {
        return SystemKind.SHOPIFY;
    }

    /** Shopify waits 5 s for an answer, then retries (up to 8 times over 4 hours). */
    @Override
    public Duration answerWindow() {
        return Duration.ofSeconds(5);
    }

    @Override
    public void checkHeaders(HttpHeaders headers) {
        for (String required : new String[] {TOPIC, HMAC, WEBHOOK_ID}) {
            if (isBlank(headers.getFirst(required))) {
                throw WebhookRejection.badRequest("missing_header", "header " + required + " is required");
            }
        }
    }

    @Override
    public Optional<Delivery> read(Connection connection, HttpHeaders headers, Map<String, String> forwarded,
                                   byte[] body, Instant receivedAt) {
        if (!ShopifySignature.verify(body, headers.getFirst(HMAC), connection.webhookSecretsAt(receivedAt))) {
            throw WebhookRejection.badSignature("X-Shopify-Hmac-Sha256 does not match the body");
        }
        String topic = headers.getFirst(TOPIC);
        String webhookId = headers.getFirst(WEBHOOK_ID);
        String eventId = headers.getFirst(EVENT_ID);
        // Event-Id is shared by the deliveries of one event, and one event can reach several
        // subscriptions (topics), so the topic is part of the key: per the reference, dedupe on
        // (shop, topic, Event-Id, else Webhook-Id); the shop is the connection.
        String dedupeKey = topic + "|" + (isBlank(eventId) ? webhookId : eventId);
        return Optional.of(new Delivery(connection, SystemKind.SHOPIFY, topic, dedupeKey, webhookId,
                forwarded, body, receivedAt));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

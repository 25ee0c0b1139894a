package io.possync.sandbox.shopify.webhook;

import java.time.Instant;

/**
 * One delivery (one subscription, one copy of an event) and its attempts so far.
 *
 * @param statusCode HTTP status of the last attempt; null when it timed out or could not connect
 * @param state      PENDING (attempts left), DELIVERED (a 2xx), FAILED (attempts used up) or DROPPED (lost on
 *                   purpose through the control API, never sent)
 */
public record WebhookDelivery(String webhookId, String eventId, String topic, String address, Instant triggeredAt,
                              int attempts, Integer statusCode, String state, String lastError) {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";
    public static final String DROPPED = "DROPPED";

    WebhookDelivery attempted(Integer status, String error, boolean lastAttempt) {
        boolean ok = status != null && status >= 200 && status < 300;
        return new WebhookDelivery(webhookId, eventId, topic, address, triggeredAt, attempts + 1, status,
                ok ? DELIVERED : lastAttempt ? FAILED : PENDING, ok ? null : error);
    }
}

package io.possync.sandbox.shopify.webhook;

import java.time.Instant;

/** A subscription of one address to one topic ({@code topic} in REST spelling). */
public record WebhookSubscription(long id, String topic, String address, String format, Instant createdAt) {

    public String gid() {
        return "gid://shopify/WebhookSubscription/" + id;
    }
}

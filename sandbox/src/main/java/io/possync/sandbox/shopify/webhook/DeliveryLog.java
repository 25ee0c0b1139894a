package io.possync.sandbox.shopify.webhook;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

/** Every delivery the simulator made, in the order they were started. */
@Component
public class DeliveryLog {

    private final Map<String, WebhookDelivery> byWebhookId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

    void start(WebhookDelivery delivery) {
        byWebhookId.put(delivery.webhookId(), delivery);
        order.add(delivery.webhookId());
    }

    WebhookDelivery update(String webhookId, UnaryOperator<WebhookDelivery> change) {
        return byWebhookId.computeIfPresent(webhookId, (id, delivery) -> change.apply(delivery));
    }

    public List<WebhookDelivery> all() {
        return order.stream().map(byWebhookId::get).filter(d -> d != null).toList();
    }

    public void reset() {
        byWebhookId.clear();
        order.clear();
    }
}

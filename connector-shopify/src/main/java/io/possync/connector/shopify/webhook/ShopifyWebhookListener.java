package io.possync.connector.shopify.webhook;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import io.possync.connector.shopify.mapping.ShopifyOrderNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;

/**
 * Normalizes Shopify webhooks from {@code webhooks.inbound}: orders into {@code events.orders},
 * inventory levels into {@code events.stock}. The consumed record is committed only after the broker
 * acknowledged the event (at-least-once); a redelivered webhook yields the same event id, so
 * downstream dedupe recognises it.
 */
@Component
public class ShopifyWebhookListener {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookListener.class);

    private final ShopifyOrderNormalizer normalizer;
    private final ShopifyInventoryWebhookHandler inventory;
    private final KafkaTemplate<Object, Object> kafka;
    private final long publishTimeoutMillis;

    public ShopifyWebhookListener(ShopifyOrderNormalizer normalizer, ShopifyInventoryWebhookHandler inventory,
                                  KafkaTemplate<Object, Object> kafka, ShopifyConnectorProperties properties) {
        this.normalizer = normalizer;
        this.inventory = inventory;
        this.kafka = kafka;
        this.publishTimeoutMillis = properties.publishTimeout().toMillis();
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).WEBHOOKS_INBOUND.name()}",
            groupId = "connector-shopify",
            properties = "avro.single-object.value.type=io.possync.schemas.avro.WebhookEnvelope")
    public void onDelivery(WebhookEnvelope envelope) throws InterruptedException, ExecutionException, TimeoutException {
        if (envelope.getSystem() != SystemKind.SHOPIFY) {
            return;
        }
        if (ShopifyStockNormalizer.TOPIC.equals(envelope.getTopic())) {
            onInventoryLevel(envelope);
            return;
        }
        if (!ShopifyOrderNormalizer.ORDER_TOPICS.contains(envelope.getTopic())) {
            log.debug("ignoring Shopify topic {} (delivery {})", envelope.getTopic(), envelope.getHeader().getEventId());
            return;
        }
        OrderPlaced order = normalizer.normalize(envelope);
        String key = Topics.eventKey(order.getHeader().getTenantId(), order.getOrderId());
        kafka.send(Topics.ORDER_EVENTS.name(), key, order).get(publishTimeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("order {} ({}) from {} published as {}", order.getOrderId(), order.getSourceStatus(),
                envelope.getTopic(), order.getHeader().getEventId());
    }

    private void onInventoryLevel(WebhookEnvelope envelope)
            throws InterruptedException, ExecutionException, TimeoutException {
        StockChanged change = inventory.handle(envelope).orElse(null);
        if (change == null) {
            return;
        }
        String key = Topics.eventKey(change.getHeader().getTenantId(), change.getSku());
        kafka.send(Topics.STOCK_EVENTS.name(), key, change).get(publishTimeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("stock of {} = {} from Shopify published as {}", change.getSku(), change.getLevel(),
                change.getHeader().getEventId());
    }
}

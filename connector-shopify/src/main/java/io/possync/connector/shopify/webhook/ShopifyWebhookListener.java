package io.possync.connector.shopify.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.possync.common.kafka.BatchAcks;
import io.possync.common.kafka.Undecodable;
import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import io.possync.connector.shopify.mapping.ShopifyOrderNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

/**
 * Normalizes Shopify webhooks from {@code webhooks.inbound}, a poll at a time: orders into
 * {@code events.orders}, inventory levels into {@code events.stock} (their lookups done together, see
 * {@link ShopifyInventoryWebhookHandler}). The events of a batch are sent together, in delivery order
 * (so per key in order), and the batch is committed only after the broker acknowledged all of them
 * (at-least-once). A delivery that cannot be handled fails the batch there: the deliveries before it
 * are committed, the error handler retries it or sends it to the dead-letter topic, and the rest come
 * again. A redelivered webhook yields the same event id, so downstream dedupe recognises it.
 */
@Component
public class ShopifyWebhookListener {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookListener.class);

    /** An event to publish for the delivery at {@code index} of the batch. */
    private record Outgoing(int index, String topic, String key, Object event) {
    }

    private final ShopifyOrderNormalizer normalizer;
    private final ShopifyInventoryWebhookHandler inventory;
    private final KafkaTemplate<Object, Object> kafka;
    private final Duration publishTimeout;

    public ShopifyWebhookListener(ShopifyOrderNormalizer normalizer, ShopifyInventoryWebhookHandler inventory,
                                  KafkaTemplate<Object, Object> kafka, ShopifyConnectorProperties properties) {
        this.normalizer = normalizer;
        this.inventory = inventory;
        this.kafka = kafka;
        this.publishTimeout = properties.publishTimeout();
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).WEBHOOKS_INBOUND.name()}",
            groupId = "connector-shopify", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.WebhookEnvelope",
                    AvroSingleObjectDeserializer.ONLY_HEADER + "=" + Topics.SYSTEM_HEADER + "=SHOPIFY",
                    "max.poll.records=${possync.shopify.webhooks.max-poll-records:500}"})
    public void onDeliveries(List<ConsumerRecord<String, WebhookEnvelope>> records) {
        int usable = Undecodable.first(records);
        List<Outgoing> outgoing = new ArrayList<>();
        List<Integer> levelIndexes = new ArrayList<>();
        List<WebhookEnvelope> levels = new ArrayList<>();
        int failedAt = usable;
        RuntimeException failure = null;
        for (int i = 0; i < usable; i++) {
            WebhookEnvelope envelope = records.get(i).value();
            // another vendor's delivery: an empty envelope (left undecoded, see SYSTEM_HEADER) or an older record without the header
            if (envelope.getSystem() != SystemKind.SHOPIFY) {
                continue;
            }
            if (ShopifyStockNormalizer.TOPIC.equals(envelope.getTopic())) {
                levelIndexes.add(i);
                levels.add(envelope);
            } else if (ShopifyOrderNormalizer.ORDER_TOPICS.contains(envelope.getTopic())) {
                try {
                    OrderPlaced order = normalizer.normalize(envelope);
                    outgoing.add(new Outgoing(i, Topics.ORDER_EVENTS.name(),
                            Topics.eventKey(order.getHeader().getTenantId(), order.getOrderId()), order));
                } catch (RuntimeException e) {
                    failedAt = i;
                    failure = e;
                    break;
                }
            } else {
                log.debug("ignoring Shopify topic {} (delivery {})", envelope.getTopic(),
                        envelope.getHeader().getEventId());
            }
        }
        ShopifyInventoryWebhookHandler.Handled handled = inventory.handle(levels);
        for (int k = 0; k < handled.events().size(); k++) {
            int index = levelIndexes.get(k);
            handled.events().get(k).ifPresent(change -> outgoing.add(new Outgoing(index, Topics.STOCK_EVENTS.name(),
                    Topics.eventKey(change.getHeader().getTenantId(), change.getSku()), change)));
        }
        if (handled.failure() != null && levelIndexes.get(handled.events().size()) < failedAt) {
            failedAt = levelIndexes.get(handled.events().size());
            failure = handled.failure();
        }
        int cut = failedAt;
        // orders after a failed level are normalized already, but belong to the part that comes again
        outgoing.removeIf(event -> event.index() >= cut);
        outgoing.sort(Comparator.comparingInt(Outgoing::index));
        publish(records, outgoing);
        if (failure != null) {
            throw new BatchListenerFailedException("Shopify delivery at offset " + records.get(failedAt).offset()
                    + " failed: " + failure.getMessage(), failure, failedAt);
        }
        Undecodable.failAt(records, usable, "delivery");
    }

    /**
     * Sends every event, then waits for the acknowledgements in order; the first one missing fails the
     * batch at its delivery (the events after it may be out already and come again, with the same ids).
     */
    private void publish(List<ConsumerRecord<String, WebhookEnvelope>> records, List<Outgoing> outgoing) {
        BatchAcks acks = new BatchAcks();
        for (Outgoing event : outgoing) {
            acks.add(event.index(), kafka.send(event.topic(), event.key(), event.event()));
        }
        acks.awaitAll(records, publishTimeout);
        for (Outgoing event : outgoing) {
            if (event.event() instanceof StockChanged change) {
                log.debug("stock of {} = {} from Shopify published as {}", change.getSku(), change.getLevel(),
                        change.getHeader().getEventId());
            } else if (event.event() instanceof OrderPlaced order) {
                log.debug("order {} ({}) published as {}", order.getOrderId(), order.getSourceStatus(),
                        order.getHeader().getEventId());
            }
        }
    }
}

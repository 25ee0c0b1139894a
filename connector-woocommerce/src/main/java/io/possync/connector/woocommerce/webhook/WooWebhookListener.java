package io.possync.connector.woocommerce.webhook;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import io.possync.common.kafka.BatchAcks;
import io.possync.common.kafka.Undecodable;
import io.possync.connector.woocommerce.mapping.WooJson;
import io.possync.connector.woocommerce.mapping.WooOrderNormalizer;
import io.possync.connector.woocommerce.mapping.WooSource;
import io.possync.connector.woocommerce.mapping.WooStockNormalizer;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

/**
 * Normalizes WooCommerce deliveries from {@code webhooks.inbound}: orders into {@code events.orders},
 * products and variations with managed stock into {@code events.stock}, a poll at a time: the events of
 * every delivery are sent together and their acknowledgements awaited together, and a delivery that
 * fails fails the batch at its index ({@link BatchAcks}): the ones before it are committed, it is retried
 * or dead-lettered by the error handler, and the rest come again (their event ids are deterministic).
 */
public class WooWebhookListener {

    static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated", "order.restored");
    static final Set<String> PRODUCT_TOPICS = Set.of("product.created", "product.updated", "product.restored");

    private static final Logger log = LoggerFactory.getLogger(WooWebhookListener.class);

    private final WooOrderNormalizer orders;
    private final WooStockNormalizer stock;
    private final KafkaWooEvents events;

    public WooWebhookListener(WooOrderNormalizer orders, WooStockNormalizer stock, KafkaWooEvents events) {
        this.orders = orders;
        this.stock = stock;
        this.events = events;
    }

    @KafkaListener(id = "woocommerce-webhooks",
            topics = "#{T(io.possync.schemas.kafka.Topics).WEBHOOKS_INBOUND.name()}",
            groupId = "connector-woocommerce", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.WebhookEnvelope",
                    AvroSingleObjectDeserializer.ONLY_HEADER + "=" + Topics.SYSTEM_HEADER + "=WOOCOMMERCE"})
    public void onDeliveries(List<ConsumerRecord<String, WebhookEnvelope>> records) {
        BatchAcks.sendEach(records, events.timeout(), "WooCommerce delivery", record -> handle(record).stream().toList());
    }

    /** Starts sending the delivery's event, if it has one. */
    private Optional<CompletableFuture<?>> handle(ConsumerRecord<String, WebhookEnvelope> record) {
        WebhookEnvelope envelope = record.value();
        if (envelope == null) {
            throw Undecodable.cause(record);
        }
        // another vendor's delivery: an empty envelope (left undecoded, see SYSTEM_HEADER) or an older record without the header
        if (envelope.getSystem() != SystemKind.WOOCOMMERCE) {
            return Optional.empty();
        }
        String topic = envelope.getTopic();
        EventHeader delivery = envelope.getHeader();
        WooSource source = new WooSource(delivery.getTenantId(), delivery.getConnectionId(), delivery.getEventId());
        if (ORDER_TOPICS.contains(topic)) {
            Optional<OrderPlaced> order = orders.normalize(WooJson.read(envelope.getBody(), "order payload"), source);
            if (order.isEmpty()) {
                log.debug("ignoring draft or trashed order in delivery {}", delivery.getEventId());
            }
            return order.map(events::send);
        }
        if (PRODUCT_TOPICS.contains(topic)) {
            Optional<StockChanged> level = stock.normalize(WooJson.read(envelope.getBody(), "product payload"), source);
            if (level.isEmpty()) {
                log.debug("product delivery {} has no managed stock level", delivery.getEventId());
            }
            return level.map(events::send);
        }
        log.debug("ignoring WooCommerce topic {} (delivery {})", topic, delivery.getEventId());
        return Optional.empty();
    }
}

package io.possync.connector.woocommerce.webhook;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

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
import tools.jackson.databind.JsonNode;

/**
 * Normalizes WooCommerce deliveries from {@code webhooks.inbound}: orders into {@code events.orders},
 * products and variations with managed stock into {@code events.stock}. The consumed record is
 * committed only after the broker acknowledged what it produced.
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
            groupId = "connector-woocommerce",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.WebhookEnvelope",
                    AvroSingleObjectDeserializer.ONLY_HEADER + "=" + Topics.SYSTEM_HEADER + "=WOOCOMMERCE"})
    public void onDelivery(WebhookEnvelope envelope) {
        // another vendor's delivery: an empty envelope (left undecoded, see SYSTEM_HEADER) or an older record without the header
        if (envelope.getSystem() != SystemKind.WOOCOMMERCE) {
            return;
        }
        String topic = envelope.getTopic();
        EventHeader delivery = envelope.getHeader();
        WooSource source = new WooSource(delivery.getTenantId(), delivery.getConnectionId(), delivery.getEventId());
        if (ORDER_TOPICS.contains(topic)) {
            Optional<OrderPlaced> order = orders.normalize(WooJson.read(envelope.getBody(), "order payload"), source);
            order.ifPresentOrElse(o -> events.publishOrders(List.of(o)),
                    () -> log.debug("ignoring draft or trashed order in delivery {}", delivery.getEventId()));
        } else if (PRODUCT_TOPICS.contains(topic)) {
            JsonNode product = WooJson.read(envelope.getBody(), "product payload");
            Optional<StockChanged> level = stock.normalize(product, source);
            level.ifPresentOrElse(events::publishStock,
                    () -> log.debug("product delivery {} has no managed stock level", delivery.getEventId()));
        } else {
            log.debug("ignoring WooCommerce topic {} (delivery {})", topic, delivery.getEventId());
        }
    }
}

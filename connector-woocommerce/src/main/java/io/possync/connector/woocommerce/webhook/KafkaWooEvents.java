package io.possync.connector.woocommerce.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.common.kafka.Acks;
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.kafka.Topics;

/**
 * Publishes WooCommerce events and waits for the broker's acks, so a caller commits its input (a
 * consumed record, a poll watermark) only after everything it produced is durable.
 */
public class KafkaWooEvents {

    private final KafkaTemplate<Object, Object> kafka;
    private final Duration timeout;
    private final KafkaStockPublisher stock;

    public KafkaWooEvents(KafkaTemplate<Object, Object> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.stock = new KafkaStockPublisher(kafka, timeout);
    }

    /** Sends all, then awaits all acks together: one round of acks per page, not one per order. */
    public void publishOrders(List<OrderPlaced> orders) {
        Acks.awaitAll(orders.stream().map(this::send).toList(), timeout, orders.size() + " order events");
    }

    /** Sends all, then awaits all acks together (a poll's page of levels). */
    public void publishStockAll(List<StockChanged> levels) {
        stock.publishAll(levels);
    }

    /** Starts sending an order event; the future completes when the broker acknowledged it. */
    public CompletableFuture<?> send(OrderPlaced order) {
        return kafka.send(Topics.ORDER_EVENTS.name(), Topics.eventKey(order.getHeader().getTenantId(), order.getOrderId()),
                order);
    }

    /** Starts sending a stock event; the future completes when the broker acknowledged it. */
    public CompletableFuture<?> send(StockChanged level) {
        return stock.send(level);
    }

    /** How long a batch's acknowledgements may take. */
    public Duration timeout() {
        return timeout;
    }
}

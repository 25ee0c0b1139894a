package io.possync.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.kafka.Topics;

/**
 * Puts {@link StockChanged} events on {@code events.stock}, keyed {@code tenant|sku}, for every connector
 * (webhooks and reconciliation polls). Sends are started together and awaited together: callers commit
 * what they consumed only once every event is acknowledged.
 */
public class KafkaStockPublisher {

    private final KafkaTemplate<Object, Object> kafka;
    private final Duration timeout;

    public KafkaStockPublisher(KafkaTemplate<Object, Object> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Starts sending one event; the future completes when the broker acknowledged it. */
    public CompletableFuture<?> send(StockChanged event) {
        return kafka.send(Topics.STOCK_EVENTS.name(), Topics.eventKey(event.getHeader().getTenantId(), event.getSku()),
                event);
    }

    /** Starts sending; the futures complete when the broker acknowledged. */
    public List<CompletableFuture<?>> send(List<StockChanged> events) {
        return events.stream().<CompletableFuture<?>>map(this::send).toList();
    }

    /** How long a batch's acknowledgements may take. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends and waits for every acknowledgement, all within one timeout.
     *
     * @throws IllegalStateException when one was not acknowledged in time or failed
     */
    public void publishAll(List<StockChanged> events) {
        Acks.awaitAll(send(events), timeout, events.size() + " stock events");
    }
}

package io.possync.connector.zettle.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.common.kafka.Acks;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.kafka.Topics;

/**
 * Puts {@link StockChanged} events on {@code events.stock}, keyed {@code tenant|sku}. Sends are started
 * together and awaited together: callers commit what they consumed only once every event is acknowledged.
 */
public class KafkaStockPublisher {

    private final KafkaTemplate<Object, Object> kafka;
    private final Duration timeout;

    public KafkaStockPublisher(KafkaTemplate<Object, Object> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Starts sending; the futures complete when the broker acknowledged. */
    public List<CompletableFuture<?>> send(List<StockChanged> events) {
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (StockChanged event : events) {
            sends.add(kafka.send(Topics.STOCK_EVENTS.name(),
                    Topics.eventKey(event.getHeader().getTenantId(), event.getSku()), event));
        }
        return sends;
    }

    /** How long a batch's acknowledgements may take. */
    public Duration timeout() {
        return timeout;
    }

    /** Sends and waits for every acknowledgement. */
    public void publishAll(List<StockChanged> events) {
        await(send(events));
    }

    /**
     * Waits for sends started earlier, all within one timeout.
     *
     * @throws IllegalStateException when one was not acknowledged in time or failed
     */
    public void await(List<CompletableFuture<?>> sends) {
        Acks.awaitAll(sends, timeout, sends.size() + " stock events");
    }
}

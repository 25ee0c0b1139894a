package io.possync.connector.zettle.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.possync.connector.zettle.stock.KafkaStockPublisher;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

/**
 * Normalizes Zettle deliveries from {@code webhooks.inbound} into {@code events.stock}. Works a poll at a
 * time: the events of every record are sent together and awaited together, so a burst of balance
 * changes costs one round of broker acknowledgements, not one per record. A record that fails fails the
 * batch at its index: the records before it are committed (their events acknowledged first), the
 * listener error handler retries or dead-letters it ({@code PermanentFailure} at once), and the rest
 * is delivered again. Event ids are deterministic, so a record handled twice yields the same events.
 */
public class ZettleWebhookListener {

    private static final Logger log = LoggerFactory.getLogger(ZettleWebhookListener.class);
    private static final LogAccessor SPRING_LOG = new LogAccessor(LogFactory.getLog(ZettleWebhookListener.class));

    private record Sent(int index, CompletableFuture<?> ack) {
    }

    private final ZettleStockWebhookHandler handler;
    private final KafkaStockPublisher publisher;
    private final Counter published;

    public ZettleWebhookListener(ZettleStockWebhookHandler handler, KafkaStockPublisher publisher,
                                 MeterRegistry meters) {
        this.handler = handler;
        this.publisher = publisher;
        this.published = meters.counter("possync.stock.observed", "system", "zettle", "source", "webhook");
    }

    @KafkaListener(id = "zettle-webhooks", topics = "#{T(io.possync.schemas.kafka.Topics).WEBHOOKS_INBOUND.name()}",
            groupId = "connector-zettle-webhooks", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.WebhookEnvelope",
                    AvroSingleObjectDeserializer.ONLY_HEADER + "=" + Topics.SYSTEM_HEADER + "=ZETTLE"})
    public void onDeliveries(List<ConsumerRecord<String, WebhookEnvelope>> records) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, WebhookEnvelope> record = records.get(i);
            try {
                for (CompletableFuture<?> ack : publisher.send(eventsOf(record))) {
                    sent.add(new Sent(i, ack));
                }
            } catch (RuntimeException e) {
                awaitBefore(sent, i, records);
                throw new BatchListenerFailedException("Zettle delivery at offset " + record.offset() + ": "
                        + e.getMessage(), e, i);
            }
        }
        awaitBefore(sent, records.size(), records);
        published.increment(sent.size());
    }

    private List<StockChanged> eventsOf(ConsumerRecord<String, WebhookEnvelope> record) {
        WebhookEnvelope envelope = record.value();
        if (envelope == null) {
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, SPRING_LOG);
            throw cause != null ? cause : new IllegalStateException("record without a value");
        }
        // another vendor's delivery: an empty envelope (left undecoded, see SYSTEM_HEADER) or an older record without the header
        if (envelope.getSystem() != SystemKind.ZETTLE) {
            return List.of();
        }
        if (!ZettleBalanceChangedReader.EVENT.equals(envelope.getTopic())) {
            log.debug("ignoring Zettle event {} (delivery {})", envelope.getTopic(), envelope.getHeader().getEventId());
            return List.of();
        }
        List<StockChanged> events = handler.handle(envelope);
        events.forEach(e -> log.debug("Zettle STORE level of {} = {} published as {}", e.getSku(), e.getLevel(),
                e.getHeader().getEventId()));
        return events;
    }

    /**
     * Waits for the events of the records before {@code end}. When one failed, the batch fails at its
     * record, so that only acknowledged records are committed.
     */
    private void awaitBefore(List<Sent> sent, int end, List<ConsumerRecord<String, WebhookEnvelope>> records) {
        List<CompletableFuture<?>> acks = sent.stream().filter(s -> s.index() < end).<CompletableFuture<?>>map(Sent::ack)
                .toList();
        try {
            publisher.await(acks);
        } catch (IllegalStateException e) {
            int first = sent.stream().filter(s -> s.index() < end
                            && (!s.ack().isDone() || s.ack().isCompletedExceptionally()))
                    .mapToInt(Sent::index).findFirst().orElse(0);
            throw new BatchListenerFailedException("stock events of the Zettle delivery at offset "
                    + records.get(first).offset() + " were not acknowledged", e, first);
        }
    }
}

package io.possync.connector.zettle.webhook;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.kafka.BatchAcks;
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.common.kafka.Undecodable;
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
        published.increment(BatchAcks.sendEach(records, publisher.timeout(), "Zettle delivery",
                record -> publisher.send(eventsOf(record))));
    }

    private List<StockChanged> eventsOf(ConsumerRecord<String, WebhookEnvelope> record) {
        WebhookEnvelope envelope = record.value();
        if (envelope == null) {
            throw Undecodable.cause(record);
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
}

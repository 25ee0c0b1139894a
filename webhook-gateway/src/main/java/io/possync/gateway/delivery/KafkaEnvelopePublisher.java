package io.possync.gateway.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a verified delivery as a {@link WebhookEnvelope} to {@code webhooks.inbound}, keyed by connection id,
 * with the vendor in header {@link Topics#SYSTEM_HEADER}.
 */
public class KafkaEnvelopePublisher {

    private final KafkaTemplate<Object, Object> template;
    private final Duration timeout;

    public KafkaEnvelopePublisher(KafkaTemplate<Object, Object> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    /**
     * Completes when the broker acknowledged the record (acks=all). {@code send} itself can block for
     * up to {@code max.block.ms} while metadata is fetched or the buffer is full, so it runs off the
     * Netty event loop. A timed-out record may still land later; the vendor's retry then publishes it
     * again with the same event id, which consumers deduplicate.
     */
    public Mono<Void> publish(Delivery delivery) {
        ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.WEBHOOKS_INBOUND.name(),
                delivery.connection().id(), toEnvelope(delivery));
        record.headers().add(Topics.SYSTEM_HEADER, delivery.system().name().getBytes(StandardCharsets.UTF_8));
        return Timeouts.within(Mono.fromFuture(() -> template.send(record))
                        .subscribeOn(Schedulers.boundedElastic()), timeout)
                .then();
    }

    static WebhookEnvelope toEnvelope(Delivery delivery) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(delivery.eventId())
                .setTenantId(delivery.connection().tenantId())
                .setConnectionId(delivery.connection().id())
                .setSourceSystem(delivery.system())
                .setOccurredAt(delivery.receivedAt())
                .setCorrelationId(UUID.randomUUID().toString())
                .setCausationId(null)
                .build();
        return WebhookEnvelope.newBuilder()
                .setHeader(header)
                .setSystem(delivery.system())
                .setTopic(delivery.topic())
                .setDedupeKey(delivery.dedupeKey())
                .setDeliveryId(delivery.deliveryId())
                .setHeaders(delivery.headers())
                .setBody(ByteBuffer.wrap(delivery.body()))
                .build();
    }
}

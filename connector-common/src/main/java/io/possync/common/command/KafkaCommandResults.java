package io.possync.common.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import io.possync.common.kafka.Acks;
import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;

/**
 * Publishes one CommandResult per command record of a connector's batch on {@code command.results}
 * (keyed by target connection) and puts parked commands on the system's command DLT with the reason in
 * the headers the listener's dead-letter recoverer writes, so a parked command looks the same whichever
 * path parked it. All sends of a batch go out first and their acks are awaited together.
 */
public class KafkaCommandResults {

    /** A command record of the batch and how it ended. */
    public record Finished(ConsumerRecord<String, ConnectorCommand> record, CommandOutcome outcome) {
    }

    private final KafkaTemplate<Object, Object> kafka;
    private final Clock clock;
    private final Duration ackTimeout;
    private final SystemKind system;

    public KafkaCommandResults(KafkaTemplate<Object, Object> kafka, Clock clock, Duration ackTimeout,
                               SystemKind system) {
        this.kafka = kafka;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
        this.system = system;
    }

    public void publishAll(List<Finished> finished) {
        List<CompletableFuture<?>> acks = new ArrayList<>(finished.size() * 2);
        for (Finished f : finished) {
            ConnectorCommand command = f.record().value();
            acks.add(kafka.send(Topics.COMMAND_RESULTS.name(), command.getTargetConnectionId(),
                    result(command, f.outcome())));
            if (f.outcome().parked()) {
                acks.add(kafka.send(deadLetter(f.record(), f.outcome().reason())));
            }
        }
        Acks.awaitAll(acks, ackTimeout, finished.size() + " command results");
    }

    public CommandResult result(ConnectorCommand command, CommandOutcome outcome) {
        EventHeader source = command.getHeader();
        return CommandResult.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTenantId(source.getTenantId())
                        .setConnectionId(command.getTargetConnectionId())
                        .setSourceSystem(system)
                        // for an applied change, when it took effect at the earliest: the engine compares this
                        // with the time a vendor gives a level, to know whether the level includes the change
                        .setOccurredAt(outcome.inEffectSince() != null ? outcome.inEffectSince() : clock.instant())
                        .setCorrelationId(source.getCorrelationId())
                        .setCausationId(source.getEventId())
                        .build())
                .setCommandId(command.getCommandId())
                .setTargetConnectionId(command.getTargetConnectionId())
                .setStatus(outcome.status())
                .setReason(outcome.reason())
                .setAttempts(outcome.attempts())
                .setDetails(outcome.details())
                .build();
    }

    private ProducerRecord<Object, Object> deadLetter(ConsumerRecord<String, ConnectorCommand> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, PermanentFailure.class.getName().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        return new ProducerRecord<>(Topics.commands(system).dlt().name(), null, record.key(), record.value(), headers);
    }
}

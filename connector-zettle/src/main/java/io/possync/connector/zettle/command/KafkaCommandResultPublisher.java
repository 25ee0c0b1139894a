package io.possync.connector.zettle.command;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;

/** Publishes one CommandResult per command on {@code command.results}, keyed by target connection id, and waits for the ack. */
public class KafkaCommandResultPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<Object, Object> kafka;
    private final Clock clock;

    public KafkaCommandResultPublisher(KafkaTemplate<Object, Object> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    public CommandResult publish(ConnectorCommand command, CommandOutcome outcome) {
        EventHeader source = command.getHeader();
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTenantId(source.getTenantId())
                .setConnectionId(command.getTargetConnectionId())
                .setSourceSystem(SystemKind.ZETTLE)
                .setOccurredAt(clock.instant())
                .setCorrelationId(source.getCorrelationId())
                .setCausationId(source.getEventId())
                .build();
        CommandResult result = CommandResult.newBuilder()
                .setHeader(header)
                .setCommandId(command.getCommandId())
                .setTargetConnectionId(command.getTargetConnectionId())
                .setStatus(outcome.status())
                .setReason(outcome.reason())
                .setAttempts(outcome.attempts())
                .setDetails(outcome.details())
                .build();
        try {
            kafka.send(Topics.COMMAND_RESULTS.name(), command.getTargetConnectionId(), result)
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of " + command.getCommandId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the result of command " + command.getCommandId(), e);
        }
        return result;
    }
}

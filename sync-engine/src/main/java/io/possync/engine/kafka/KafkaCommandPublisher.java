package io.possync.engine.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.engine.flow.CommandPublisher;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.kafka.Topics;

/**
 * Sends commands to {@code commands.<system>} keyed by target connection id, all at once, then
 * waits for every ack: the consumed event is committed only after its commands are durable.
 */
public class KafkaCommandPublisher implements CommandPublisher {

    private final KafkaTemplate<Object, Object> template;
    private final Duration ackTimeout;

    public KafkaCommandPublisher(KafkaTemplate<Object, Object> template, Duration ackTimeout) {
        this.template = template;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publishAndAwait(List<ConnectorCommand> commands) {
        if (commands.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sends = commands.stream()
                .map(c -> template.send(Topics.commands(c.getTargetSystem()).name(), c.getTargetConnectionId(), c))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sends).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting command acks", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("commands not acknowledged within " + ackTimeout, e);
        }
    }
}

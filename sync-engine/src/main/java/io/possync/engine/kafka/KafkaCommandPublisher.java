package io.possync.engine.kafka;

import java.time.Duration;
import java.util.List;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.common.kafka.Acks;
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
        Acks.awaitAll(commands.stream()
                .map(c -> template.send(Topics.commands(c.getTargetSystem()).name(), c.getTargetConnectionId(), c))
                .toList(), ackTimeout, commands.size() + " commands");
    }
}

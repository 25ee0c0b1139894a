package io.possync.connector.zettle.command;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import io.possync.common.command.BatchCommandDispatcher;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.zettle} a poll at a time, so that each connection's commands go out in as
 * few movement requests as Zettle's rate limit allows ({@link ZettleBatchHandler}); the batch mechanics
 * (one result per command, dead letters, failing at the first unfinished command) are the dispatcher's.
 */
public class ZettleCommandListener {

    private final BatchCommandDispatcher dispatcher;

    public ZettleCommandListener(BatchCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @KafkaListener(id = "zettle-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).ZETTLE).name()}",
            groupId = "connector-zettle", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.zettle.max-poll-records:200}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) {
        dispatcher.dispatch(records);
    }
}

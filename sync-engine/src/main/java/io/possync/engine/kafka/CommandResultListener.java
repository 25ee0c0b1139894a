package io.possync.engine.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.CommandResultProcessor;
import io.possync.schemas.avro.CommandResult;

/**
 * Connectors' results of the commands the engine sent, keyed by target connection (so one connection's
 * results arrive in the order its commands were applied), taken a poll at a time and recorded with
 * bulk writes ({@link CommandResultProcessor}). Failures: {@link DecodedBatch}.
 */
@Component
class CommandResultListener {

    private final CommandResultProcessor processor;

    CommandResultListener(CommandResultProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).COMMAND_RESULTS.name()}",
            groupId = "sync-engine-results", concurrency = "${possync.engine.result-consumers:3}", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.CommandResult",
                    "max.poll.records=${possync.engine.results.max-poll-records:500}"})
    void onResults(List<ConsumerRecord<String, CommandResult>> records) {
        DecodedBatch.process(records, "command result", processor::process);
    }
}

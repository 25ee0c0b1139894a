package io.possync.engine.kafka;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.CommandResultProcessor;
import io.possync.schemas.avro.CommandResult;

/** Connectors' results of the commands the engine sent. */
@Component
class CommandResultListener {

    private final CommandResultProcessor processor;

    CommandResultListener(CommandResultProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).COMMAND_RESULTS.name()}",
            groupId = "sync-engine-results", concurrency = "${possync.engine.result-consumers:3}",
            properties = "avro.single-object.value.type=io.possync.schemas.avro.CommandResult")
    void onResult(CommandResult result) {
        processor.process(result);
    }
}

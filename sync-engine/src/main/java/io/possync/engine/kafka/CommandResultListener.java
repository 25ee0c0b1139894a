package io.possync.engine.kafka;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.BatchFailed;
import io.possync.engine.flow.CommandResultProcessor;
import io.possync.schemas.avro.CommandResult;

/**
 * Connectors' results of the commands the engine sent, keyed by target connection (so one connection's
 * results arrive in the order its commands were applied), taken a poll at a time and recorded with
 * bulk writes ({@link CommandResultProcessor}). A failure fails the batch at the first unfinished
 * record, as in {@link StockEventListener}.
 */
@Component
class CommandResultListener {

    private static final LogAccessor SPRING_LOG = new LogAccessor(LogFactory.getLog(CommandResultListener.class));

    private final CommandResultProcessor processor;

    CommandResultListener(CommandResultProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).COMMAND_RESULTS.name()}",
            groupId = "sync-engine-results", concurrency = "${possync.engine.result-consumers:3}", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.CommandResult",
                    "max.poll.records=${possync.engine.results.max-poll-records:500}"})
    void onResults(List<ConsumerRecord<String, CommandResult>> records) {
        int usable = 0;
        while (usable < records.size() && records.get(usable).value() != null) {
            usable++;
        }
        try {
            processor.process(records.subList(0, usable).stream().map(ConsumerRecord::value).toList());
        } catch (BatchFailed e) {
            throw new BatchListenerFailedException(e.getMessage(), e.getCause(), e.firstUnfinished());
        }
        if (usable < records.size()) {
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(records.get(usable),
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, SPRING_LOG);
            throw new BatchListenerFailedException("undecodable command result at offset "
                    + records.get(usable).offset(), cause, usable);
        }
    }
}

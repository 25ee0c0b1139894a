package io.possync.engine.kafka;

import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

import io.possync.common.kafka.Undecodable;
import io.possync.engine.flow.BatchFailed;

/**
 * What the engine's batch listeners share: the records up to the first undecodable one are processed
 * together; a failure, or that undecodable record, fails the batch at the first unfinished record, so
 * those before it are committed, the error handler retries or dead-letters it, and the rest is
 * delivered again (and recognised where it already took effect).
 */
final class DecodedBatch {

    private DecodedBatch() {
    }

    /** @param what names a record in the error, e.g. "stock event" */
    static <T> void process(List<ConsumerRecord<String, T>> records, String what, Consumer<List<T>> processor) {
        int usable = Undecodable.first(records);
        try {
            processor.accept(records.subList(0, usable).stream().map(ConsumerRecord::value).toList());
        } catch (BatchFailed e) {
            throw new BatchListenerFailedException(e.getMessage(), e.getCause(), e.firstUnfinished());
        }
        Undecodable.failAt(records, usable, what);
    }
}

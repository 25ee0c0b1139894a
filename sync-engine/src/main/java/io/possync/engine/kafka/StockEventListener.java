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
import io.possync.engine.flow.StockFlowProcessor;
import io.possync.schemas.avro.StockChanged;

/**
 * Stock changes, keyed tenant|sku, so all changes of one SKU are decided in order by one thread. Taken
 * a poll at a time: the broker holds a fetch until {@code fetch.min.bytes} arrived or the coalescing
 * window {@code possync.stock.coalesce-window-ms} passed, so a burst arrives as one window that is
 * decided as one ({@link StockFlowProcessor#process(List)}). A failure fails the batch at the first
 * unfinished record: those before it are committed, the error handler retries or dead-letters it, and
 * the rest is delivered again (and recognised where it already took effect).
 */
@Component
class StockEventListener {

    private static final LogAccessor SPRING_LOG = new LogAccessor(LogFactory.getLog(StockEventListener.class));

    private final StockFlowProcessor processor;

    StockEventListener(StockFlowProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).STOCK_EVENTS.name()}", groupId = "sync-engine-stock",
            concurrency = "${possync.engine.stock-consumers:3}", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.StockChanged",
                    "max.poll.records=${possync.engine.stock.max-poll-records:500}",
                    "fetch.min.bytes=${possync.engine.stock.fetch-min-bytes:65536}",
                    "fetch.max.wait.ms=${possync.stock.coalesce-window-ms:200}"})
    void onStockChanged(List<ConsumerRecord<String, StockChanged>> records) {
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
            throw new BatchListenerFailedException("undecodable stock event at offset "
                    + records.get(usable).offset(), cause, usable);
        }
    }
}

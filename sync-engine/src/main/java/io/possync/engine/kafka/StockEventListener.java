package io.possync.engine.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.StockFlowProcessor;
import io.possync.schemas.avro.StockChanged;

/**
 * Stock changes, keyed tenant|sku, so all changes of one SKU are decided in order by one thread. Taken
 * a poll at a time: the broker holds a fetch until {@code fetch.min.bytes} arrived or the coalescing
 * window {@code possync.stock.coalesce-window-ms} passed, so a burst arrives as one window that is
 * decided as one ({@link StockFlowProcessor#process(List)}). Failures: {@link DecodedBatch}.
 */
@Component
class StockEventListener {

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
        DecodedBatch.process(records, "stock event", processor::process);
    }
}

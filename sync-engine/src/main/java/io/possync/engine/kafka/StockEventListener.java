package io.possync.engine.kafka;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.StockFlowProcessor;
import io.possync.schemas.avro.StockChanged;

/** Stock changes, keyed tenant|sku, so all changes of one SKU are decided in order by one thread. */
@Component
class StockEventListener {

    private final StockFlowProcessor processor;

    StockEventListener(StockFlowProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).STOCK_EVENTS.name()}", groupId = "sync-engine-stock",
            concurrency = "${possync.engine.stock-consumers:3}",
            properties = "avro.single-object.value.type=io.possync.schemas.avro.StockChanged")
    void onStockChanged(StockChanged event) {
        processor.process(event);
    }
}

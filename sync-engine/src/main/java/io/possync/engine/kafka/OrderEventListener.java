package io.possync.engine.kafka;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.OrderFlowProcessor;
import io.possync.schemas.avro.OrderPlaced;

/** Order events, keyed tenant|orderId, so all events of one order are processed in order by one thread. */
@Component
class OrderEventListener {

    private final OrderFlowProcessor processor;

    OrderEventListener(OrderFlowProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).ORDER_EVENTS.name()}", groupId = "sync-engine",
            concurrency = "${possync.engine.order-consumers:3}",
            properties = "avro.single-object.value.type=io.possync.schemas.avro.OrderPlaced")
    void onOrder(OrderPlaced order) {
        processor.process(order);
    }
}

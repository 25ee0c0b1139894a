package io.possync.engine.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.possync.engine.flow.OrderFlowProcessor;
import io.possync.schemas.avro.OrderPlaced;

/**
 * Order events, keyed tenant|orderId, so all events of one order are processed in order by one thread.
 * Taken a poll at a time and decided together ({@link OrderFlowProcessor#process(List)}): a webshop sends
 * several webhooks per order (created, paid, updated), and one round trip per step for all of a poll's
 * orders keeps up where one per event did not. Failures: {@link DecodedBatch}.
 */
@Component
class OrderEventListener {

    private final OrderFlowProcessor processor;

    OrderEventListener(OrderFlowProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(topics = "#{T(io.possync.schemas.kafka.Topics).ORDER_EVENTS.name()}", groupId = "sync-engine",
            concurrency = "${possync.engine.order-consumers:3}", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.OrderPlaced",
                    "max.poll.records=${possync.engine.orders.max-poll-records:500}"})
    void onOrders(List<ConsumerRecord<String, OrderPlaced>> records) {
        DecodedBatch.process(records, "order event", processor::process);
    }
}

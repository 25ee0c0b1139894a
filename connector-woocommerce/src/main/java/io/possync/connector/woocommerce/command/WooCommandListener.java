package io.possync.connector.woocommerce.command;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import io.possync.common.command.BatchCommandDispatcher;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.woocommerce} a poll at a time, so that a burst of SetStockLevel commands
 * becomes few batch calls ({@link WooStockWriter}): the broker holds a fetch for the platform's stock
 * coalescing window ({@code possync.stock.coalesce-window-ms}) unless enough bytes arrived first. A poll
 * takes at most what one batch call carries ({@code possync.woocommerce.batch-size}; variations need a call
 * per parent product): the store's rate limit paces the calls, and a poll of several calls would hold its
 * last items back behind the others' turns while newer commands wait in the broker. The batch mechanics
 * (one result per command, dead letters, failing at the first unfinished command) are the dispatcher's.
 */
public class WooCommandListener {

    private final BatchCommandDispatcher dispatcher;

    public WooCommandListener(BatchCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @KafkaListener(id = "woocommerce-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).WOOCOMMERCE).name()}",
            groupId = "connector-woocommerce", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.woocommerce.commands.max-poll-records:${possync.woocommerce.batch-size:100}}",
                    "fetch.min.bytes=${possync.woocommerce.commands.fetch-min-bytes:65536}",
                    "fetch.max.wait.ms=${possync.stock.coalesce-window-ms:200}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) {
        dispatcher.dispatch(records);
    }
}

package io.possync.connector.shopify.stock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import io.possync.common.command.CommandOutcome;
import io.possync.common.command.KafkaCommandResults;
import io.possync.common.kafka.Undecodable;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.shopify} a poll at a time: per connection, only the latest SetStockLevel of
 * each SKU is written, all of them in as few Shopify calls as the API allows; AdjustStock commands
 * (relative changes, never coalesced) go to {@link ShopifyStockAdjuster}. Every command record gets
 * exactly one CommandResult. An undecodable record ends the batch: those before it are answered,
 * it goes to the dead-letter topic through the error handler, and the rest are redelivered.
 */
public class ShopifyStockCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ShopifyStockCommandListener.class);

    private final ShopifyStockWriter writer;
    private final ShopifyStockAdjuster adjuster;
    private final KafkaCommandResults results;

    public ShopifyStockCommandListener(ShopifyStockWriter writer, ShopifyStockAdjuster adjuster,
                                       KafkaCommandResults results) {
        this.writer = writer;
        this.adjuster = adjuster;
        this.results = results;
    }

    @KafkaListener(id = "shopify-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).SHOPIFY).name()}",
            groupId = "connector-shopify-commands", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.shopify.commands.max-poll-records:1000}",
                    "fetch.min.bytes=${possync.shopify.commands.fetch-min-bytes:65536}",
                    "fetch.max.wait.ms=${possync.shopify.commands.fetch-max-wait-ms:100}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) {
        int usable = Undecodable.first(records);
        Map<String, List<Integer>> byConnection = new LinkedHashMap<>();
        for (int i = 0; i < usable; i++) {
            byConnection.computeIfAbsent(records.get(i).value().getTargetConnectionId(), c -> new ArrayList<>()).add(i);
        }
        Map<Integer, CommandOutcome> outcomes = new HashMap<>();
        byConnection.forEach((connectionId, indexes) -> outcomes.putAll(handle(connectionId, records, indexes)));
        List<KafkaCommandResults.Finished> finished = new ArrayList<>(usable);
        for (int i = 0; i < usable; i++) {
            finished.add(new KafkaCommandResults.Finished(records.get(i), outcomes.get(i)));
        }
        if (!finished.isEmpty()) {
            results.publishAll(finished);
        }
        Undecodable.failAt(records, usable, "command");
    }

    private Map<Integer, CommandOutcome> handle(String connectionId, List<ConsumerRecord<String, ConnectorCommand>> records,
                                                List<Integer> indexes) {
        List<ConnectorCommand> commands = indexes.stream().map(i -> records.get(i).value()).toList();
        StockCoalescer.Plan plan = StockCoalescer.coalesce(commands);
        Map<String, CommandOutcome> decided = new HashMap<>(plan.latest().isEmpty() ? Map.of()
                : writer.write(connectionId, plan.latest()));
        List<ConnectorCommand> adjustments = plan.unsupported().stream().map(commands::get)
                .filter(c -> c.getAction() instanceof AdjustStock).toList();
        if (!adjustments.isEmpty()) {
            decided.putAll(adjuster.adjust(connectionId, adjustments));
        }
        Map<Integer, CommandOutcome> outcomes = new HashMap<>();
        for (int local = 0; local < commands.size(); local++) {
            ConnectorCommand command = commands.get(local);
            CommandOutcome outcome;
            if (command.getAction() instanceof AdjustStock) {
                outcome = decided.get(command.getCommandId());
            } else if (plan.unsupported().contains(local)) {
                outcome = CommandOutcome.parked("Shopify takes SetStockLevel and AdjustStock only, not "
                        + command.getAction().getClass().getSimpleName(), 0, Map.of());
            } else {
                int winner = plan.winnerOf().get(local);
                CommandOutcome winnerOutcome = decided.get(commands.get(winner).getCommandId());
                outcome = winner == local ? winnerOutcome
                        : StockCoalescer.answeredBy(command, commands.get(winner), winnerOutcome);
            }
            outcomes.put(indexes.get(local), outcome);
            if (outcome.parked()) {
                log.warn("parked command {} for connection {}: {}", command.getCommandId(), connectionId,
                        outcome.reason());
            }
        }
        log.debug("Shopify {}: {} command(s), {} written", connectionId, commands.size(), plan.latest().size());
        return outcomes;
    }
}

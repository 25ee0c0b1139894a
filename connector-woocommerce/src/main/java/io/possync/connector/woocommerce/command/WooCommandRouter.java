package io.possync.connector.woocommerce.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import io.possync.common.command.BatchCommandDispatcher.ConnectionBatch;
import io.possync.common.command.BatchCommandDispatcher.GroupOutcome;
import io.possync.common.command.CommandOutcome;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * One connection's commands of a poll, by kind: relative changes (AdjustStock) to
 * {@link WooStockAdjuster}, absolute levels (and anything else, which it refuses) to
 * {@link WooStockWriter}. A connection is either a stock master or a follower of one, so the two
 * kinds do not meet on one SKU and need no ordering between them.
 */
public class WooCommandRouter implements ConnectionBatch {

    private final WooStockWriter writer;
    private final WooStockAdjuster adjuster;

    public WooCommandRouter(WooStockWriter writer, WooStockAdjuster adjuster) {
        this.writer = writer;
        this.adjuster = adjuster;
    }

    @Override
    public GroupOutcome handle(String connectionId, List<ConnectorCommand> commands,
                               ToIntFunction<String> deliveryAttempt) {
        List<ConnectorCommand> adjustments = commands.stream().filter(c -> c.getAction() instanceof AdjustStock)
                .toList();
        if (adjustments.isEmpty()) {
            return writer.handle(connectionId, commands, deliveryAttempt);
        }
        GroupOutcome adjusted = adjuster.handle(connectionId, adjustments, deliveryAttempt);
        List<ConnectorCommand> rest = commands.stream().filter(c -> !(c.getAction() instanceof AdjustStock)).toList();
        if (rest.isEmpty()) {
            return adjusted;
        }
        GroupOutcome written = writer.handle(connectionId, rest, deliveryAttempt);
        Map<String, CommandOutcome> outcomes = new LinkedHashMap<>(adjusted.outcomes());
        outcomes.putAll(written.outcomes());
        return new GroupOutcome(outcomes, adjusted.failure() != null ? adjusted.failure() : written.failure());
    }
}

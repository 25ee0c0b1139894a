package io.possync.connector.woocommerce.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.possync.common.command.CommandOutcome;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;

/**
 * Pure rules for one connection's commands of a poll: only the latest SetStockLevel per SKU is
 * written (levels are absolute, so the older ones are superseded, not lost); anything WooCommerce
 * cannot take is refused up front.
 */
public final class WooCoalescer {

    /**
     * @param writes     the command to write per SKU (the latest), SKUs in order of first appearance
     * @param superseded older command id → the id of the command that replaces it
     * @param refused    command id → why it is parked without a request
     */
    public record Plan(Map<String, ConnectorCommand> writes, Map<String, String> superseded,
                       Map<String, CommandOutcome> refused) {
    }

    private WooCoalescer() {
    }

    public static Plan plan(List<ConnectorCommand> commands) {
        Map<String, ConnectorCommand> latest = new LinkedHashMap<>();
        Map<String, CommandOutcome> refused = new LinkedHashMap<>();
        List<ConnectorCommand> levels = new ArrayList<>();
        for (ConnectorCommand command : commands) {
            if (!(command.getAction() instanceof SetStockLevel set)) {
                refused.put(command.getCommandId(), CommandOutcome.parked(
                        "WooCommerce takes absolute levels only (SetStockLevel), not "
                                + command.getAction().getClass().getSimpleName(), 0));
            } else if (set.getLevel() < 0) {
                refused.put(command.getCommandId(), CommandOutcome.parked("negative level " + set.getLevel()
                        + " for SKU " + set.getSku() + " is never written", 0));
            } else {
                latest.put(set.getSku(), command);
                levels.add(command);
            }
        }
        Map<String, String> superseded = new LinkedHashMap<>();
        for (ConnectorCommand command : levels) {
            ConnectorCommand winner = latest.get(((SetStockLevel) command.getAction()).getSku());
            if (winner != command) {
                superseded.put(command.getCommandId(), winner.getCommandId());
            }
        }
        return new Plan(latest, superseded, refused);
    }

    /** Consecutive slices of at most {@code max} items, order kept. */
    public static <T> List<List<T>> chunks(List<T> items, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, not " + max);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += max) {
            chunks.add(List.copyOf(items.subList(from, Math.min(items.size(), from + max))));
        }
        return chunks;
    }
}

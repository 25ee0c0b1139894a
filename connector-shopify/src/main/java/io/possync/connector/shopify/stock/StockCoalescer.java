package io.possync.connector.shopify.stock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.possync.common.command.CommandOutcome;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;

/**
 * Collapses the commands of one connection in one poll: only the latest SetStockLevel per SKU is
 * written (commands of a connection arrive in order, so the latest is the last); every earlier one is
 * answered through it. Anything but SetStockLevel cannot be applied to Shopify here.
 */
public final class StockCoalescer {

    private StockCoalescer() {
    }

    /**
     * @param latest     the commands to write, one per SKU, in batch order
     * @param winnerOf   for every command index, the index of the command that decides its outcome
     *                   (itself for the latest ones); absent for unsupported commands
     * @param unsupported indexes of commands that are not SetStockLevel
     */
    public record Plan(List<ConnectorCommand> latest, Map<Integer, Integer> winnerOf, List<Integer> unsupported) {
    }

    public static Plan coalesce(List<ConnectorCommand> commands) {
        Map<String, Integer> lastBySku = new LinkedHashMap<>();
        List<Integer> unsupported = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).getAction() instanceof SetStockLevel set) {
                lastBySku.remove(set.getSku());
                lastBySku.put(set.getSku(), i);
            } else {
                unsupported.add(i);
            }
        }
        Map<Integer, Integer> winnerOf = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).getAction() instanceof SetStockLevel set) {
                winnerOf.put(i, lastBySku.get(set.getSku()));
            }
        }
        List<ConnectorCommand> latest = lastBySku.values().stream().sorted().map(commands::get).toList();
        return new Plan(latest, winnerOf, unsupported);
    }

    /**
     * The outcome of a command that another one (its winner) decided: a later command of the same SKU
     * replaced it, or it is the same command delivered twice.
     */
    public static CommandOutcome answeredBy(ConnectorCommand command, ConnectorCommand winner, CommandOutcome decided) {
        if (decided.parked()) {
            return decided;
        }
        Map<String, String> details = new LinkedHashMap<>(decided.details());
        if (command.getCommandId().equals(winner.getCommandId())) {
            return CommandOutcome.alreadyApplied("delivered twice in one batch", details);
        }
        details.put("superseded", winner.getCommandId());
        return CommandOutcome.applied(0, details);
    }
}

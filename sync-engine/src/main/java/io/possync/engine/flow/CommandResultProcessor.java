package io.possync.engine.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoOrderLedger.LineOutcome;
import io.possync.engine.ledger.MongoStockLedger.LevelResult;
import io.possync.engine.rule.DecisionKind;
import io.possync.engine.rule.Outcome;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.CommandResult;

/**
 * Records connectors' results, a poll at a time: on the sync-log entries of their commands, on the
 * order-ledger lines they belong to, and on the stock ledgers ({@link StockResultProcessor}), each step
 * one bulk write for the whole poll, with reads only by {@code _id}. Blocks on Mongo, so it runs on
 * listener threads only.
 *
 * <p>A result can overtake its command's sync-log entry or ledger line by milliseconds (the engine
 * writes them right after the broker acks the command): the poll is then carried out up to that
 * result and fails there ({@link BatchFailed} with a {@link ResultNotYetRecordable} cause), so the
 * listener's backoff retries it. Every step is idempotent, so what a retry repeats changes nothing.
 */
public class CommandResultProcessor {

    private static final Logger log = LoggerFactory.getLogger(CommandResultProcessor.class);

    private final MongoSyncLog syncLog;
    private final MongoOrderLedger ledger;
    private final StockResultProcessor stock;
    private final Duration ioTimeout;

    public CommandResultProcessor(MongoSyncLog syncLog, MongoOrderLedger ledger, StockResultProcessor stock,
                                  Duration ioTimeout) {
        this.syncLog = syncLog;
        this.ledger = ledger;
        this.stock = stock;
        this.ioTimeout = ioTimeout;
    }

    /** @throws BatchFailed naming the first result not carried out (those before it were) */
    public void process(List<CommandResult> results) {
        int end = results.size();
        try {
            Map<String, Document> entries = syncLog.recordResults(results.stream().map(r -> new MongoSyncLog.Result(
                    r.getCommandId(), outcomeOf(r), reasonOf(r), r.getAttempts())).toList()).block(ioTimeout);
            for (int i = 0; i < results.size() && end == results.size(); i++) {
                if (!entries.containsKey(results.get(i).getCommandId())) {
                    end = i;
                }
            }
            end = recordOnLines(results, entries, end);
            stock.process(onStock(results.subList(0, end), entries));
        } catch (RuntimeException e) {
            throw new BatchFailed(0, e);
        }
        if (end < results.size()) {
            throw new BatchFailed(end, new ResultNotYetRecordable("no sync-log entry or ledger line carries command "
                    + results.get(end).getCommandId() + " yet"));
        }
    }

    /** The end of the results whose lines carry their commands (a line written after its result is retried). */
    private int recordOnLines(List<CommandResult> results, Map<String, Document> entries, int end) {
        List<LineOutcome> outcomes = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            CommandResult result = results.get(i);
            String ledgerKey = entries.get(result.getCommandId()).getString("ledgerKey");
            if (ledgerKey != null) {
                outcomes.add(new LineOutcome(ledgerKey, result.getCommandId(), outcomeOf(result), reasonOf(result)));
                indexes.add(i);
            }
        }
        Integer unmatched = ledger.recordOutcomes(outcomes).block(ioTimeout);
        return unmatched == null || unmatched < 0 ? end : indexes.get(unmatched);
    }

    /**
     * The results the stock ledgers take: an order transfer applied (its reservation), an adjustment of the
     * stock master (1c), and every result of a level sent to a webshop (recorded there, and it may release a
     * held transfer).
     */
    private static List<StockResultProcessor.OnStock> onStock(List<CommandResult> results,
                                                              Map<String, Document> entries) {
        List<StockResultProcessor.OnStock> onStock = new ArrayList<>();
        for (CommandResult result : results) {
            Document entry = entries.get(result.getCommandId());
            String stockKey = entry.getString("stockLedgerKey");
            Outcome outcome = outcomeOf(result);
            log.debug("command {} on {}: {}", result.getCommandId(), result.getTargetConnectionId(), outcome);
            if (stockKey == null) {
                continue;
            }
            DecisionKind decision = DecisionKind.valueOf(entry.getString("decision"));
            String sku = entry.get("subject", Document.class).getString("sku");
            String tenantId = entry.getString("tenantId");
            String flowId = entry.getString("flowId");
            if (decision == DecisionKind.TRANSFER_LINE && outcome == Outcome.APPLIED
                    || decision == DecisionKind.ADJUST_MASTER_STOCK) {
                onStock.add(new StockResultProcessor.OnStock(tenantId, flowId, sku, result, null));
            } else if (decision == DecisionKind.SET_STOCK_LEVEL || decision == DecisionKind.DRIFT_REPAIRED) {
                onStock.add(new StockResultProcessor.OnStock(tenantId, flowId, sku, result, new LevelResult(stockKey,
                        result.getTargetConnectionId(), result.getCommandId(), outcome, writtenLevel(result),
                        writtenAt(result))));
            }
        }
        return onStock;
    }

    private static String reasonOf(CommandResult result) {
        return result.getReason() != null ? result.getReason()
                : outcomeOf(result) == Outcome.PARKED ? "connector reported status " + result.getStatus() : null;
    }

    /** The connectors report the level they wrote in {@code details.level}. */
    private static Long writtenLevel(CommandResult result) {
        return detail(result, "level", Long::parseLong);
    }

    /**
     * The webshop's own time of the state the write left, as {@code details.changedAt} (ISO-8601), when the
     * connector reads it from the write's answer; it orders the write against the webshop's reports.
     */
    private static Instant writtenAt(CommandResult result) {
        return detail(result, "changedAt", Instant::parse);
    }

    /** The result's detail {@code key} read by {@code parse}; null when absent or unreadable (logged). */
    private static <T> T detail(CommandResult result, String key, Function<String, T> parse) {
        String value = result.getDetails().get(key);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            log.warn("command {}: unreadable {} '{}' in result details", result.getCommandId(), key, value);
            return null;
        }
    }

    private static Outcome outcomeOf(CommandResult result) {
        return switch (result.getStatus()) {
            case APPLIED, ALREADY_APPLIED -> Outcome.APPLIED;
            case PARKED, UNKNOWN -> Outcome.PARKED;
        };
    }

    /** Retriable: the result arrived before the engine finished recording its command. */
    public static class ResultNotYetRecordable extends RuntimeException {
        public ResultNotYetRecordable(String message) {
            super(message);
        }
    }
}

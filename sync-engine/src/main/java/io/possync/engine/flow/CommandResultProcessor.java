package io.possync.engine.flow;

import java.time.Duration;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.rule.DecisionKind;
import io.possync.engine.rule.Outcome;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.CommandResult;

/**
 * Records a connector's result on the sync-log entry of its command and on the ledger line the
 * command belongs to. Blocks on Mongo, so it runs on listener threads only.
 */
public class CommandResultProcessor {

    private static final Logger log = LoggerFactory.getLogger(CommandResultProcessor.class);

    private final MongoSyncLog syncLog;
    private final MongoOrderLedger ledger;
    private final MongoStockLedger stockLedger;
    private final StockFlowProcessor stock;
    private final Duration ioTimeout;

    public CommandResultProcessor(MongoSyncLog syncLog, MongoOrderLedger ledger, MongoStockLedger stockLedger,
                                  StockFlowProcessor stock, Duration ioTimeout) {
        this.syncLog = syncLog;
        this.ledger = ledger;
        this.stockLedger = stockLedger;
        this.stock = stock;
        this.ioTimeout = ioTimeout;
    }

    public void process(CommandResult result) {
        Outcome outcome = outcomeOf(result);
        String reason = result.getReason() != null ? result.getReason()
                : outcome == Outcome.PARKED ? "connector reported status " + result.getStatus() : null;
        Document entry = syncLog.recordResult(result.getCommandId(), outcome, reason, result.getAttempts())
                .block(ioTimeout);
        // The engine writes a command's entry right after the broker acks the command, so a result
        // can only overtake it by milliseconds: retrying (listener backoff) is enough.
        if (entry == null) {
            throw new ResultNotYetRecordable("no sync-log entry for command " + result.getCommandId() + " yet");
        }
        String ledgerKey = entry.getString("ledgerKey");
        if (ledgerKey != null && !Boolean.TRUE.equals(
                ledger.recordOutcome(ledgerKey, result.getCommandId(), outcome, reason).block(ioTimeout))) {
            throw new ResultNotYetRecordable("ledger line " + ledgerKey + " does not carry command "
                    + result.getCommandId() + " yet");
        }
        String stockKey = entry.getString("stockLedgerKey");
        if (stockKey != null) {
            recordOnStockLedger(result, outcome, entry, stockKey);
        }
        log.debug("command {} on {}: {}", result.getCommandId(), result.getTargetConnectionId(), outcome);
    }

    /**
     * After the order ledger: the stock ledger is written before it, so once the order line carries
     * the transfer, its reservation exists (or was rightly released already).
     */
    private void recordOnStockLedger(CommandResult result, Outcome outcome, Document entry, String stockKey) {
        DecisionKind decision = DecisionKind.valueOf(entry.getString("decision"));
        if (decision == DecisionKind.TRANSFER_LINE && outcome == Outcome.APPLIED) {
            Document subject = entry.get("subject", Document.class);
            stock.transferApplied(entry.getString("tenantId"), entry.getString("flowId"), subject.getString("sku"),
                    result);
        } else if (decision == DecisionKind.SET_STOCK_LEVEL || decision == DecisionKind.DRIFT_REPAIRED) {
            stockLedger.recordLevelResult(stockKey, result.getTargetConnectionId(), result.getCommandId(), outcome,
                    writtenLevel(result)).block(ioTimeout);
        }
    }

    /** The connectors report the level they wrote in {@code details.level}. */
    private static Long writtenLevel(CommandResult result) {
        String level = result.getDetails().get("level");
        if (level == null) {
            return null;
        }
        try {
            return Long.parseLong(level.strip());
        } catch (NumberFormatException e) {
            log.warn("command {}: unreadable level '{}' in result details", result.getCommandId(), level);
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

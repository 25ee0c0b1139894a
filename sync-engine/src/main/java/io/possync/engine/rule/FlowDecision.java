package io.possync.engine.rule;

import java.util.ArrayList;
import java.util.List;

import io.possync.schemas.avro.ConnectorCommand;

/**
 * Everything a rule decided for one event: commands to emit, order-ledger lines and stock-ledger
 * documents to change, sync-log entries to write.
 */
public record FlowDecision(List<ConnectorCommand> commands, List<LedgerTransition> transitions,
                           List<StockTransition> stockTransitions, List<SyncLogEntry> log) {

    public FlowDecision {
        commands = List.copyOf(commands);
        transitions = List.copyOf(transitions);
        stockTransitions = List.copyOf(stockTransitions);
        log = List.copyOf(log);
    }

    public static FlowDecision none() {
        return new FlowDecision(List.of(), List.of(), List.of(), List.of());
    }

    public static FlowDecision logOnly(SyncLogEntry entry) {
        return new FlowDecision(List.of(), List.of(), List.of(), List.of(entry));
    }

    /** Several decisions (of independent orders or SKUs) carried out as one, each one's parts in order. */
    public static FlowDecision combine(List<FlowDecision> decisions) {
        Builder combined = new Builder();
        decisions.forEach(combined::add);
        return combined.build();
    }

    /** Collects the parts of a decision line by line. */
    static final class Builder {
        private final List<ConnectorCommand> commands = new ArrayList<>();
        private final List<LedgerTransition> transitions = new ArrayList<>();
        private final List<StockTransition> stockTransitions = new ArrayList<>();
        private final List<SyncLogEntry> log = new ArrayList<>();

        Builder command(ConnectorCommand command) {
            commands.add(command);
            return this;
        }

        Builder transition(LedgerTransition transition) {
            transitions.add(transition);
            return this;
        }

        /** Records the change of one stock ledger, unless the decision left it as it was. */
        Builder stock(StockLedger before, StockLedger after) {
            if (!after.equals(before)) {
                stockTransitions.add(new StockTransition(before, after));
            }
            return this;
        }

        Builder add(FlowDecision decision) {
            commands.addAll(decision.commands());
            transitions.addAll(decision.transitions());
            stockTransitions.addAll(decision.stockTransitions());
            log.addAll(decision.log());
            return this;
        }

        Builder log(SyncLogEntry entry) {
            log.add(entry);
            return this;
        }

        FlowDecision build() {
            return new FlowDecision(commands, transitions, stockTransitions, log);
        }
    }
}

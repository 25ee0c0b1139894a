package io.possync.engine.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;

/**
 * Collapses the events of one SKU in one flow that arrived within one coalescing window into one
 * decision: the rule decides each event in order on the ledger the previous one left (in memory),
 * and the combined decision is carried out once. Still pure: the same events on the same ledger give
 * the identical commands, ids and entries, so a redelivered window is decided again into the same
 * effects.
 *
 * <p>Levels are absolute, so per target only the last {@link SetStockLevel} is sent; the earlier ones
 * are superseded and their sync-log entries say by which command. If that last level is the one the
 * target was already commanded before the window (and the webshop did not report drift meanwhile),
 * nothing is sent at all. Every other command (a POS
 * movement of a difference) is kept, in order: a difference is never coalesced away.
 */
public final class StockFold {

    private StockFold() {
    }

    public static <E> FlowDecision fold(List<E> events, FlowConfig flow, StockLedger ledger,
                                        FlowRule<E, StockLedger> rule) {
        StockLedger state = ledger;
        List<ConnectorCommand> commands = new ArrayList<>();
        List<SyncLogEntry> log = new ArrayList<>();
        for (E event : events) {
            FlowDecision decision = rule.decide(event, flow, state);
            if (!decision.transitions().isEmpty()) {
                throw new IllegalStateException("a stock rule changed order-ledger lines; it cannot be folded");
            }
            for (StockTransition transition : decision.stockTransitions()) {
                if (!transition.next().key().equals(ledger.key())) {
                    throw new IllegalStateException("a stock rule for " + ledger.key() + " changed ledger "
                            + transition.next().key());
                }
                state = transition.next();
            }
            commands.addAll(decision.commands());
            log.addAll(decision.log());
        }
        return coalesce(ledger, state, commands, log);
    }

    private static FlowDecision coalesce(StockLedger before, StockLedger after, List<ConnectorCommand> commands,
                                         List<SyncLogEntry> log) {
        Map<String, ConnectorCommand> firstLevel = new LinkedHashMap<>();
        Map<String, ConnectorCommand> lastLevel = new LinkedHashMap<>();
        for (ConnectorCommand command : commands) {
            if (command.getAction() instanceof SetStockLevel) {
                firstLevel.putIfAbsent(command.getTargetConnectionId(), command);
                lastLevel.put(command.getTargetConnectionId(), command);
            }
        }
        Set<String> drifted = new HashSet<>();
        log.stream().filter(e -> e.decision() == DecisionKind.DRIFT_REPAIRED)
                .forEach(e -> drifted.add(e.targetConnectionId()));
        Map<String, String> winnerByTarget = new HashMap<>();
        Map<String, ConnectorCommand> sent = new HashMap<>();
        StockLedger next = after;
        for (ConnectorCommand last : lastLevel.values()) {
            TargetStock known = before.target(last.getTargetConnectionId());
            SetStockLevel action = (SetStockLevel) last.getAction();
            // a drifted webshop needs the level even when it is the one commanded before: it does not show it
            if (Objects.equals(known.commanded(), action.getLevel()) && !drifted.contains(known.connectionId())) {
                winnerByTarget.put(known.connectionId(), known.commandId());
                next = next.withTarget(restoreCommanded(next.target(known.connectionId()), known));
            } else {
                winnerByTarget.put(known.connectionId(), last.getCommandId());
                sent.put(last.getCommandId(), changingFrom(last, action,
                        (SetStockLevel) firstLevel.get(known.connectionId()).getAction()));
            }
        }
        Map<String, String> supersededBy = new HashMap<>();
        FlowDecision.Builder decision = new FlowDecision.Builder();
        for (ConnectorCommand command : commands) {
            if (!(command.getAction() instanceof SetStockLevel)) {
                decision.command(command);
            } else if (sent.containsKey(command.getCommandId())) {
                decision.command(sent.get(command.getCommandId()));
            } else {
                supersededBy.put(command.getCommandId(), winnerByTarget.get(command.getTargetConnectionId()));
            }
        }
        for (SyncLogEntry entry : log) {
            decision.log(supersededBy.containsKey(entry.id())
                    ? superseded(entry, supersededBy.get(entry.id()), lastLevel.get(entry.targetConnectionId()))
                    : entry);
        }
        return decision.stock(before, next).build();
    }

    /**
     * The rule set the expected current level to the one the previous command of the window set, which
     * is never sent when superseded: the target still holds what the window's first command expected
     * (the level commanded before the window, or the level a drifted webshop reported).
     */
    private static ConnectorCommand changingFrom(ConnectorCommand last, SetStockLevel action, SetStockLevel first) {
        if (Objects.equals(action.getExpectedCurrent(), first.getExpectedCurrent())) {
            return last;
        }
        // built field by field: Avro's copy builders deep-copy through SpecificData, which refuses our
        // generated classes until the Kafka deserializer installed its trust (unit tests, a fresh JVM)
        SetStockLevel fromBefore = SetStockLevel.newBuilder()
                .setSku(action.getSku())
                .setLevel(action.getLevel())
                .setExpectedCurrent(first.getExpectedCurrent())
                .setReason(action.getReason())
                .build();
        return ConnectorCommand.newBuilder()
                .setHeader(last.getHeader())
                .setCommandId(last.getCommandId())
                .setTargetConnectionId(last.getTargetConnectionId())
                .setTargetSystem(last.getTargetSystem())
                .setAction(fromBefore)
                .build();
    }

    private static TargetStock restoreCommanded(TargetStock current, TargetStock before) {
        return new TargetStock(current.connectionId(), before.commanded(), before.commandId(), current.observed(),
                current.observedAt(), current.observedVersion(), current.confirmed(), before.resultOf(),
                current.adjustments(), before.replaced(), current.confirmedAt());
    }

    private static SyncLogEntry superseded(SyncLogEntry entry, String byCommandId, ConnectorCommand last) {
        String reason = "superseded within the coalescing window by level "
                + ((SetStockLevel) last.getAction()).getLevel() + " of command " + byCommandId + "; was: "
                + entry.reason();
        return new SyncLogEntry(entry.id(), entry.tenantId(), entry.flowId(), entry.correlationId(),
                entry.sourceEventId(), entry.sourceConnectionId(), entry.subject(), DecisionKind.SKIP_SUPERSEDED, null,
                entry.targetConnectionId(), Outcome.SKIPPED, reason, null, null);
    }
}

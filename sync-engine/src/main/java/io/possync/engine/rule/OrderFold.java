package io.possync.engine.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the events of one order in one flow that arrived in one poll as one decision: the rule decides
 * each event in order on the ledger the previous one left (in memory), exactly as if each had been
 * carried out before the next was read. Every command and sync-log entry is kept, in order; the ledger
 * changes of a line collapse into one compare-and-set from the state before the first event to the state
 * after the last. Still pure: the same events on the same ledger give the identical decision, so a
 * redelivered poll is decided again into the same effects.
 */
public final class OrderFold {

    private OrderFold() {
    }

    public static <E> FlowDecision fold(List<E> events, FlowConfig flow, OrderLedger ledger,
                                        FlowRule<E, OrderLedger> rule) {
        Map<String, LineLedger> lines = new HashMap<>(ledger.lines());
        Map<String, LedgerTransition> collapsed = new LinkedHashMap<>();
        List<FlowDecision> decisions = new ArrayList<>(events.size());
        for (E event : events) {
            FlowDecision decision = rule.decide(event, flow, new OrderLedger(lines));
            if (!decision.stockTransitions().isEmpty()) {
                throw new IllegalStateException("an order rule changed stock ledgers; it cannot be folded");
            }
            for (LedgerTransition transition : decision.transitions()) {
                LineLedger next = transition.next();
                LedgerTransition first = collapsed.get(next.lineId());
                collapsed.put(next.lineId(), new LedgerTransition(first == null ? transition.expected()
                        : first.expected(), next));
                lines.put(next.lineId(), next);
            }
            decisions.add(decision);
        }
        FlowDecision.Builder folded = new FlowDecision.Builder();
        decisions.forEach(d -> d.commands().forEach(folded::command));
        collapsed.values().forEach(folded::transition);
        decisions.forEach(d -> d.log().forEach(folded::log));
        return folded.build();
    }
}

package io.possync.engine.rule;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every ledger entry of one order in one flow, by line id: the state an order rule decides on. */
public record OrderLedger(Map<String, LineLedger> lines) {

    public static final OrderLedger EMPTY = new OrderLedger(Map.of());

    public OrderLedger {
        lines = Map.copyOf(lines);
    }

    public static OrderLedger of(Collection<LineLedger> entries) {
        return new OrderLedger(entries.stream().collect(Collectors.toMap(LineLedger::lineId, Function.identity())));
    }

    public Optional<LineLedger> line(String lineId) {
        return Optional.ofNullable(lines.get(lineId));
    }

    /** The updatedAt of the newest event applied to any line of the order, if any was applied. */
    public Optional<Instant> newestApplied() {
        return lines.values().stream().map(LineLedger::orderUpdatedAt).max(Instant::compareTo);
    }
}

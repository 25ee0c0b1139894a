package io.possync.sandbox.local;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * One SKU's recorded histories in the simulators, read after a test: the POS movements of Zettle and
 * the levels the platform wrote into each webshop.
 *
 * <p><b>True availability after transfers.</b> Stock only goes down in the tests that use this (sales,
 * no restocks or cancellations). A webshop order's <i>transfer</i> is its movement in the POS; from that
 * instant the POS itself holds the order. The availability a write at time {@code t} may show at most is
 * {@code ceiling(t) = start − Σ units of every webshop order whose transfer is recorded at or before t}
 * (both instants as the simulators record them, in one JVM). POS sales are not part of the ceiling: the
 * platform learns of them by webhook, so a write decided just before a POS sale lands just after it by
 * design; convergence to the exact level covers them.
 *
 * <p><b>What counts as a violation.</b> Every webshop write whose level is above the ceiling at the
 * instant it landed: once an order's transfer is in the POS, no webshop is ever written more than the
 * POS then holds, neither a level decided before the engine knew the order (the engine holds the
 * transfer until such a level has landed) nor a bounce (architecture rule 2).
 */
record StockHistory(String sku, long start, List<Transfer> transfers, List<Write> shopifyWrites,
                    List<Write> wooWrites) {

    record Transfer(Instant at, long units) {
    }

    record Write(Instant at, long level) {
    }

    /** A write above the ceiling, with the ceiling it broke. */
    record Violation(String webshop, Write write, long ceiling) {
    }

    /**
     * @param since       only what happened from this instant on (the test's start)
     * @param posSaleIds  identifiers of the POS's own sales; every other movement of the SKU is a transfer
     */
    static StockHistory of(SimulatorControl sim, String sku, long start, Instant since, Set<String> posSaleIds) {
        List<Transfer> transfers = new ArrayList<>();
        for (JsonNode movement : sim.zettleMovements()) {
            Instant at = instant(movement.path("at"));
            if (sku.equals(movement.path("sku").asString()) && !at.isBefore(since)
                    && !posSaleIds.contains(movement.path("identifier").asString())) {
                transfers.add(new Transfer(at, Math.abs(movement.path("change").asLong())));
            }
        }
        transfers.sort(Comparator.comparing(Transfer::at));
        return new StockHistory(sku, start, transfers,
                writes(sim.shopifyInventoryWrites(), sku, since, "api", "after"),
                writes(sim.wooStockWriteHistory(), sku, since, "rest", "value"));
    }

    /** Every write above the ceiling at the instant it landed (see the class doc). */
    List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        shopifyWrites.forEach(w -> above("shopify", w).ifPresent(violations::add));
        wooWrites.forEach(w -> above("woocommerce", w).ifPresent(violations::add));
        violations.sort(Comparator.comparing(v -> v.write().at()));
        return violations;
    }

    long transferredUnits() {
        return transfers.stream().mapToLong(Transfer::units).sum();
    }

    private Optional<Violation> above(String webshop, Write write) {
        long ceiling = ceiling(write.at());
        return write.level() > ceiling ? Optional.of(new Violation(webshop, write, ceiling)) : Optional.empty();
    }

    private long ceiling(Instant at) {
        return start - transfers.stream().filter(t -> !t.at().isAfter(at)).mapToLong(Transfer::units).sum();
    }

    private static List<Write> writes(JsonNode history, String sku, Instant since, String source, String field) {
        List<Write> writes = new ArrayList<>();
        for (JsonNode write : history) {
            Instant at = instant(write.path("at"));
            if (sku.equals(write.path("sku").asString()) && source.equals(write.path("source").asString())
                    && !at.isBefore(since)) {
                writes.add(new Write(at, write.path(field).asLong()));
            }
        }
        return writes;
    }

    /** ISO text, or epoch seconds with a fraction, whichever way the simulator's JSON writes instants. */
    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return Instant.parse(value.asString());
    }
}

package io.possync.engine.rule;

/**
 * A compare-and-set on one stock-ledger document: it applies only if the document still has the
 * version the decision was made on (0: no document yet). If not, the event is decided again on
 * fresh state.
 */
public record StockTransition(StockLedger expected, StockLedger next) {
}

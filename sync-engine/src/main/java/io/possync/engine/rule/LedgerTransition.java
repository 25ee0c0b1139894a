package io.possync.engine.rule;

/**
 * A compare-and-set on one ledger line: it applies only if the line still is {@code expected}
 * (null: the line has no entry yet). If it is not, another consumer got there first and the
 * event is decided again on fresh state.
 */
public record LedgerTransition(LineLedger expected, LineLedger next) {

    public static LedgerTransition create(LineLedger next) {
        return new LedgerTransition(null, next);
    }
}

package io.possync.engine.rule;

/** What a rule decided for an event, one sync-log entry each. */
public enum DecisionKind {
    TRANSFER_LINE(Outcome.PENDING),
    /**
     * An order line is reserved and its lowered levels sent, but its transfer waits until the webshops'
     * older levels (decided before the order) have landed; its TRANSFER_LINE entry follows on release.
     */
    TRANSFER_HELD(Outcome.SKIPPED),
    RETURN_LINE(Outcome.PENDING),
    SKIP_CANCELLED_BEFORE_TRANSFER(Outcome.SKIPPED),
    SKIP_CANCELLED(Outcome.SKIPPED),
    SKIP_DUPLICATE(Outcome.SKIPPED),
    SKIP_NOT_AT_TRIGGER(Outcome.SKIPPED),
    SKIP_REFUNDED(Outcome.SKIPPED),
    SKIP_STALE(Outcome.SKIPPED),
    SKIP_POS_ORDER(Outcome.SKIPPED),
    SKIP_NOT_WEB_ORDER(Outcome.SKIPPED),
    SKIP_NO_SKU(Outcome.SKIPPED),
    SKIP_NO_QUANTITY(Outcome.SKIPPED),
    SKIP_NO_FLOW(Outcome.SKIPPED),
    /** A webshop is told its new available-to-sell level. */
    SET_STOCK_LEVEL(Outcome.PENDING),
    /** 1c: a change of the stock master reaches the POS as a movement of the difference. */
    ADJUST_POS_STOCK(Outcome.PENDING),
    /** A webshop reported a level that is neither ours nor the POS-derived one: the derived level is re-sent. */
    DRIFT_REPAIRED(Outcome.PENDING),
    /** A webshop reported the level we last sent it: our own write coming back. */
    SKIP_ECHO(Outcome.SKIPPED),
    /** The flow has no master level for the SKU (never seen from the POS): nothing is derived from it. */
    SKIP_UNKNOWN_SKU(Outcome.SKIPPED),
    /** The webshop already has (or was already sent) the level the flow derives. */
    SKIP_LEVEL_UNCHANGED(Outcome.SKIPPED),
    /** A level decided within one coalescing window but replaced by a later one for the same target: never sent. */
    SKIP_SUPERSEDED(Outcome.SKIPPED),
    /** 1c: the POS level is recorded (it releases reservations) but the stock master's level is the truth. */
    SKIP_NOT_STOCK_MASTER(Outcome.SKIPPED),
    /** 1c: a POS change not made by us (a POS sale, a count in Zettle) reaches the stock master as a difference. */
    ADJUST_MASTER_STOCK(Outcome.PENDING),
    /**
     * 1c: the POS change's own difference is unknown (no level before it) and movements of ours are in
     * flight, so what part of it is ours cannot be told: recorded, nothing moved (rule 6).
     */
    SKIP_AMBIGUOUS_DELTA(Outcome.SKIPPED),
    /**
     * 1c: our adjustment of the stock master was parked, so the master's recorded level no longer counts it
     * (and the other webshops get the level derived from it).
     */
    MASTER_ADJUSTMENT_PARKED(Outcome.SKIPPED),
    /** 1c: an order of the stock master is in the master's own level, which reaches the POS as a difference. */
    SKIP_STOCK_MASTER_ORDER(Outcome.SKIPPED);

    private final Outcome initialOutcome;

    DecisionKind(Outcome initialOutcome) {
        this.initialOutcome = initialOutcome;
    }

    /** PENDING for decisions that emit a command (a connector reports the final outcome), SKIPPED otherwise. */
    public Outcome initialOutcome() {
        return initialOutcome;
    }
}

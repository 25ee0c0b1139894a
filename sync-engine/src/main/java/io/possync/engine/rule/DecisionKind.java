package io.possync.engine.rule;

/** What a rule decided for an event, one sync-log entry each. */
public enum DecisionKind {
    TRANSFER_LINE(Outcome.PENDING),
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
    SKIP_NO_FLOW(Outcome.SKIPPED);

    private final Outcome initialOutcome;

    DecisionKind(Outcome initialOutcome) {
        this.initialOutcome = initialOutcome;
    }

    /** PENDING for decisions that emit a command (a connector reports the final outcome), SKIPPED otherwise. */
    public Outcome initialOutcome() {
        return initialOutcome;
    }
}

package io.possync.engine.rule;

/** Where one order line stands in a flow. A line without a ledger entry has had no effect yet. */
public enum LineStatus {
    /** Stock was drawn from the POS (transfer command emitted and acknowledged). */
    TRANSFERRED,
    /**
     * Stock is reserved and the transfer decided (its command id fixed), but the command is held back
     * until the webshops' older levels landed ({@link TransferHold}); it then becomes TRANSFERRED.
     */
    HELD,
    /** Stock drawn earlier was given back after a cancellation. Final. */
    RETURNED,
    /** The order was cancelled before it reached the trigger: it must never draw stock. Final. */
    BLOCKED
}

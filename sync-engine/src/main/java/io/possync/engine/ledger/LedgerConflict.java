package io.possync.engine.ledger;

/**
 * A ledger line was no longer in the state a decision was made on: another consumer (a zombie
 * after a rebalance) changed it first. Retriable: the event is decided again on fresh state.
 */
public class LedgerConflict extends RuntimeException {

    public LedgerConflict(String message) {
        super(message);
    }

    public LedgerConflict(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.possync.engine.flow;

/**
 * A window of stock changes could not be carried out completely. Every change before
 * {@link #firstUnfinished()} took effect; from there on the changes must be delivered again (those
 * that did take effect are then recognised as already taken).
 */
public class StockBatchFailed extends RuntimeException {

    private final int firstUnfinished;

    public StockBatchFailed(int firstUnfinished, Throwable cause) {
        super("stock changes from index " + firstUnfinished + " not carried out: " + cause.getMessage(), cause);
        this.firstUnfinished = firstUnfinished;
    }

    public int firstUnfinished() {
        return firstUnfinished;
    }
}

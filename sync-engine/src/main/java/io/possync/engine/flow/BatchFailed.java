package io.possync.engine.flow;

/**
 * A batch of records (a window of stock changes, a poll of command results) could not be carried out
 * completely. Every record before {@link #firstUnfinished()} took effect; from there on the records must
 * be delivered again (those that did take effect are then recognised as already taken).
 */
public class BatchFailed extends RuntimeException {

    private final int firstUnfinished;

    public BatchFailed(int firstUnfinished, Throwable cause) {
        super("records from index " + firstUnfinished + " not carried out: " + cause.getMessage(), cause);
        this.firstUnfinished = firstUnfinished;
    }

    public int firstUnfinished() {
        return firstUnfinished;
    }
}

package io.possync.common.http;

/**
 * A transient failure that outlasted every in-process retry. Deliberately not a permanent failure:
 * the listener error handler retries the record later, when the vendor may have recovered.
 */
public class RetriesExhaustedException extends RuntimeException {

    private final int attempts;

    public RetriesExhaustedException(String operation, int attempts, Throwable lastFailure) {
        super(operation + " still failing after " + attempts + " attempts: " + lastFailure.getMessage(), lastFailure);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}

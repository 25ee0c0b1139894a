package io.possync.engine.rule;

/** Outcome of a sync-log entry. */
public enum Outcome {
    /** A command was emitted; the connector has not reported yet. */
    PENDING,
    /** The target applied the command (or had already applied it). */
    APPLIED,
    /** The connector gave up on the command; the reason says why. */
    PARKED,
    /** Nothing was done, on purpose; the reason says why. */
    SKIPPED
}

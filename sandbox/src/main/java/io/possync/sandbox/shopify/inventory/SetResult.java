package io.possync.sandbox.shopify.inventory;

import java.time.Instant;
import java.util.List;

/**
 * Outcome of an absolute set: either problems (nothing applied) or the changes made.
 */
public record SetResult(List<Problem> problems, List<Change> changes, Instant at) {

    /** A refused row, by its index in the input. */
    public record Problem(int row, String code, String message) {
    }

    /** One quantity that moved; rows that set the value a level already had change nothing and are absent. */
    public record Change(String name, long delta, long quantityAfterChange, SimVariant variant, SimLocation location) {
    }

    public boolean applied() {
        return problems.isEmpty();
    }
}

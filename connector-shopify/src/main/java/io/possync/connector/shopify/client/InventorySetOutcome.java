package io.possync.connector.shopify.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Shopify's answer to an {@code inventorySetQuantities} call.
 *
 * @param applied   true when Shopify made an adjustment group (rows without an error took effect)
 * @param appliedAt the group's {@code createdAt} (Shopify's clock), or null when nothing was applied
 * @param rowErrors user errors by row index of the request
 * @param availableAfter {@code quantityAfterChange} of each {@code available} change, in Shopify's order
 *                  (rows that changed nothing have none)
 */
public record InventorySetOutcome(boolean applied, Instant appliedAt, Map<Integer, RowError> rowErrors,
                                  List<Long> availableAfter) {

    public InventorySetOutcome {
        availableAfter = List.copyOf(availableAfter);
    }

    public InventorySetOutcome(boolean applied, Instant appliedAt, Map<Integer, RowError> rowErrors) {
        this(applied, appliedAt, rowErrors, List.of());
    }

    public static final String STALE = "CHANGE_FROM_QUANTITY_STALE";

    /** A user error of one row; {@code code} is Shopify's (e.g. CHANGE_FROM_QUANTITY_STALE). */
    public record RowError(String code, String message) {

        public boolean stale() {
            return STALE.equals(code);
        }
    }
}

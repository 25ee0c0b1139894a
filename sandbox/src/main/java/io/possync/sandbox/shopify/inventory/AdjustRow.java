package io.possync.sandbox.shopify.inventory;

/**
 * One row of a relative change: {@code changeFrom} is the compare-and-set value (null opts out).
 */
public record AdjustRow(long inventoryItemId, long locationId, long delta, Long changeFrom) {
}

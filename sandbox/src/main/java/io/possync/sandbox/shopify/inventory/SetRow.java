package io.possync.sandbox.shopify.inventory;

/**
 * One row of an absolute set: {@code changeFrom} is the compare-and-set value (null opts out).
 */
public record SetRow(long inventoryItemId, long locationId, long quantity, Long changeFrom) {
}

package io.possync.connector.shopify.client;

import java.time.Instant;

/**
 * The {@code available} quantity of an inventory item at one location, with Shopify's time of its last
 * change ({@code InventoryLevel.updatedAt}, the time {@code inventory_levels/update} reports).
 */
public record ItemLevel(long available, Instant updatedAt) {
}

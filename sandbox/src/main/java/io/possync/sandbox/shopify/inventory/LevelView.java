package io.possync.sandbox.shopify.inventory;

import java.time.Instant;

/** A snapshot of one inventory level: one item at one location. {@code on_hand = available + committed}. */
public record LevelView(long id, SimVariant variant, SimLocation location, long available, long committed,
                        Instant updatedAt) {

    public long onHand() {
        return available + committed;
    }

    /** Shopify's InventoryLevel GID carries the item as a query parameter; clients must not parse it. */
    public String gid() {
        return "gid://shopify/InventoryLevel/" + id + "?inventory_item_id=" + variant.inventoryItemId();
    }
}

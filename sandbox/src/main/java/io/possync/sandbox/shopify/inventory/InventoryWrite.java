package io.possync.sandbox.shopify.inventory;

import java.time.Instant;

/**
 * One change of an {@code available} quantity, for the control API's write history.
 *
 * @param source {@code api} (an Admin API mutation), {@code order} (an order committed or released units)
 *               or {@code admin} (a merchant edit in the store admin)
 */
public record InventoryWrite(String sku, long inventoryItemId, long locationId, long before, long after,
                             String source, Instant at) {

    public static final String API = "api";
    public static final String ORDER = "order";
    public static final String ADMIN = "admin";
}

package io.possync.connector.shopify.client;

/** A variant found by a SKU search, with the ids the inventory API needs. */
public record VariantHit(String sku, String variantId, String inventoryItemId) {
}

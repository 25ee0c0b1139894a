package io.possync.connector.shopify.client;

/**
 * Body of an {@code inventory_levels/update} webhook: no SKU, variant or on_hand, only the item, the
 * location and the new {@code available} (null when the item stopped being tracked).
 */
public record ShopifyInventoryLevelPayload(Long inventoryItemId, Long locationId, Long available, String updatedAt,
                                           String adminGraphqlApiId) {
}

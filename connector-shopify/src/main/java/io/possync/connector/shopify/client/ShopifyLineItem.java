package io.possync.connector.shopify.client;

import java.util.List;

/** One {@code line_items[]} entry of a Shopify order payload; product and variant ids are null for custom lines. */
public record ShopifyLineItem(
        Long id,
        Long productId,
        Long variantId,
        String sku,
        String name,
        Integer quantity,
        String price,
        List<ShopifyTaxLine> taxLines) {
}

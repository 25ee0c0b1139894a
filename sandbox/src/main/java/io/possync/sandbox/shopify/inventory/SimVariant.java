package io.possync.sandbox.shopify.inventory;

import java.math.BigDecimal;

/** A product variant and its one inventory item (Shopify keeps a 1:1 link between them). */
public record SimVariant(long id, long productId, String productTitle, String sku, String barcode, BigDecimal price,
                         long inventoryItemId) {

    public String gid() {
        return "gid://shopify/ProductVariant/" + id;
    }

    public String productGid() {
        return "gid://shopify/Product/" + productId;
    }

    public String inventoryItemGid() {
        return "gid://shopify/InventoryItem/" + inventoryItemId;
    }
}

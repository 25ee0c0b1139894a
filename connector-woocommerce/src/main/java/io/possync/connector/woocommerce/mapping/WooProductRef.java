package io.possync.connector.woocommerce.mapping;

/**
 * Where a SKU lives in a store: a product, or a variation of a variable product.
 *
 * @param productId   the product id, or the parent's id for a variation
 * @param variationId the variation id, or null for a product
 */
public record WooProductRef(long productId, Long variationId) {

    public boolean variation() {
        return variationId != null;
    }
}

package io.possync.sandbox.shopify.inventory;

import java.math.BigDecimal;
import java.util.List;

/** Body of {@code POST /sim/products}: a product whose variants start with {@code available} units at the primary location. */
public record NewProduct(String title, List<Variant> variants) {

    /** One variant; {@code available} defaults to 0, {@code price} to 0.00. */
    public record Variant(String sku, Long available, String barcode, BigDecimal price) {
    }
}

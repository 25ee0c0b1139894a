package io.possync.sandbox.woocommerce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A product or (with a parent) a variation of the simulated store; guarded by {@link WooStore}'s lock. */
final class SimProduct {

    final long id;
    final Long parentId;
    final String name;
    final String type;
    final Instant created;
    final List<Long> variations = new ArrayList<>();
    String sku;
    String regularPrice;
    boolean manageStock;
    Integer stockQuantity;
    Instant modified;

    SimProduct(long id, Long parentId, String name, String type, String sku, String regularPrice, boolean manageStock,
               Integer stockQuantity, Instant now) {
        this.id = id;
        this.parentId = parentId;
        this.name = name;
        this.type = type;
        this.sku = sku;
        this.regularPrice = regularPrice;
        this.manageStock = manageStock;
        this.stockQuantity = stockQuantity;
        this.created = now;
        this.modified = now;
    }

    boolean variation() {
        return parentId != null;
    }
}

package io.possync.sandbox.shopify.inventory;

/** A location of the shop (a store, a warehouse) where inventory items are stocked. */
public record SimLocation(long id, String name) {

    public String gid() {
        return "gid://shopify/Location/" + id;
    }
}

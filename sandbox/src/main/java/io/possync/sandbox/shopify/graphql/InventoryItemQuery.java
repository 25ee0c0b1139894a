package io.possync.sandbox.shopify.graphql;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.ShopifyInventory;

/**
 * {@code inventoryItem(id: "gid://shopify/InventoryItem/N")}: the item or null. An InventoryLevel GID
 * is refused as "Invalid id", as Shopify refuses it.
 */
@Component
public class InventoryItemQuery implements ShopifyGraphqlResolver {

    private final ShopifyInventory inventory;
    private final InventoryNodes nodes;

    public InventoryItemQuery(ShopifyInventory inventory, InventoryNodes nodes) {
        this.inventory = inventory;
        this.nodes = nodes;
    }

    @Override
    public String field() {
        return "inventoryItem";
    }

    @Override
    public boolean mutation() {
        return false;
    }

    @Override
    public Object resolve(GraphqlField field) {
        long id = InventoryNodes.id("InventoryItem", field.argument("id"));
        return inventory.byInventoryItem(id).map(nodes::item).orElse(null);
    }
}

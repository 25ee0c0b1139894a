package io.possync.sandbox.shopify.graphql;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.ShopifyInventory;
import io.possync.sandbox.shopify.inventory.SimLocation;

/** {@code locations(first, after)}: the shop's locations, primary first. */
@Component
public class LocationsQuery implements ShopifyGraphqlResolver {

    private final ShopifyInventory inventory;
    private final InventoryNodes nodes;

    public LocationsQuery(ShopifyInventory inventory, InventoryNodes nodes) {
        this.inventory = inventory;
        this.nodes = nodes;
    }

    @Override
    public String field() {
        return "locations";
    }

    @Override
    public boolean mutation() {
        return false;
    }

    @Override
    public Object resolve(GraphqlField field) {
        return Connections.page(inventory.locations(), field, SimLocation::id, nodes::location);
    }
}

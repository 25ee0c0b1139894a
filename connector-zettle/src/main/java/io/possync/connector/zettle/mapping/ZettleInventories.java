package io.possync.connector.zettle.mapping;

import java.util.List;

import io.possync.connector.zettle.client.ZettleInventory;

/** The inventory uuids a stock movement needs: STORE (real stock) and SOLD (the sales sink). */
public record ZettleInventories(String store, String sold) {

    /** Picks STORE and SOLD out of {@code GET /v3/inventories}; an organization without them cannot take movements. */
    public static ZettleInventories from(List<ZettleInventory> inventories) {
        return new ZettleInventories(uuidOf(inventories, "STORE"), uuidOf(inventories, "SOLD"));
    }

    private static String uuidOf(List<ZettleInventory> inventories, String type) {
        return inventories.stream().filter(i -> type.equals(i.inventoryType())).map(ZettleInventory::inventoryUuid)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Zettle organization has no " + type + " inventory"));
    }
}

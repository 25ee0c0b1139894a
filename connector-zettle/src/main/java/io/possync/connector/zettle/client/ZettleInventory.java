package io.possync.connector.zettle.client;

/** One inventory of the organization (v3): STORE holds real stock, SUPPLIER is a source, SOLD and BIN are sinks. */
public record ZettleInventory(String inventoryUuid, String inventoryType) {
}

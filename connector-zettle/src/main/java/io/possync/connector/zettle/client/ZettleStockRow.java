package io.possync.connector.zettle.client;

/**
 * One row of {@code GET /v3/stock}: the balance of one variant in one STORE inventory.
 *
 * @param balance  whole units, or null when Zettle left it out
 * @param updated  Zettle's time of the balance as sent, or null
 * @param checksum Zettle's checksum of the row, or null
 */
public record ZettleStockRow(String inventoryUuid, String productUuid, String variantUuid, Long balance,
                             String updated, String checksum) {
}

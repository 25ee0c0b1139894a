package io.possync.connector.shopify.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code inventorySetQuantities} call: absolute {@code available} levels at one location, each row
 * compare-and-set against the level we last read or wrote.
 *
 * @param idempotencyKey  the {@code @idempotent} key; the same input must always travel with the same key
 * @param referenceDocumentUri shown in the shop's stock history, e.g. {@code gid://possync/StockSync/<id>}
 */
public record InventorySetRequest(String idempotencyKey, String reason, String referenceDocumentUri, List<Row> rows) {

    static final String MUTATION = """
            mutation SetAvailable($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { createdAt changes { name delta quantityAfterChange } }
                userErrors { code field message }
              }
            }""";

    /**
     * @param changeFromQuantity the level the row expects Shopify to hold now; null opts out of the check
     *                           but must still be sent (2026-04+)
     */
    public record Row(String inventoryItemId, String locationId, long quantity, Long changeFromQuantity) {
    }

    public InventorySetRequest {
        rows = List.copyOf(rows);
    }

    /** The GraphQL variables; every row carries {@code changeFromQuantity}, null included. */
    public Map<String, Object> variables() {
        List<Map<String, Object>> quantities = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> quantity = new LinkedHashMap<>();
            quantity.put("inventoryItemId", row.inventoryItemId());
            quantity.put("locationId", row.locationId());
            quantity.put("quantity", row.quantity());
            quantity.put("changeFromQuantity", row.changeFromQuantity());
            quantities.add(quantity);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "available");
        input.put("reason", reason);
        input.put("referenceDocumentUri", referenceDocumentUri);
        input.put("quantities", quantities);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("input", input);
        variables.put("key", idempotencyKey);
        return variables;
    }
}

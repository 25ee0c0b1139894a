package io.possync.connector.shopify.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code inventoryAdjustQuantities} call: relative changes of {@code available} at one location.
 * Rows send {@code changeFromQuantity: null} (required since 2026-04; null opts out): a relative change
 * must apply whatever the shop sold meanwhile, which is the point of sending a difference.
 *
 * @param idempotencyKey       the {@code @idempotent} key; the same input must always travel with the same key
 * @param referenceDocumentUri shown in the shop's stock history, e.g. {@code gid://possync/StockSync/<id>}
 */
public record InventoryAdjustRequest(String idempotencyKey, String reason, String referenceDocumentUri,
                                     List<Row> rows) {

    static final String MUTATION = """
            mutation AdjustAvailable($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { createdAt changes { name delta quantityAfterChange } }
                userErrors { code field message }
              }
            }""";

    public record Row(String inventoryItemId, String locationId, long delta) {
    }

    public InventoryAdjustRequest {
        rows = List.copyOf(rows);
    }

    public Map<String, Object> variables() {
        List<Map<String, Object>> changes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("inventoryItemId", row.inventoryItemId());
            change.put("locationId", row.locationId());
            change.put("delta", row.delta());
            change.put("changeFromQuantity", null);
            changes.add(change);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "available");
        input.put("reason", reason);
        input.put("referenceDocumentUri", referenceDocumentUri);
        input.put("changes", changes);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("input", input);
        variables.put("key", idempotencyKey);
        return variables;
    }
}

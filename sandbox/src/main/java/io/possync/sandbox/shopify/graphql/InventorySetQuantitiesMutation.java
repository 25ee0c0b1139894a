package io.possync.sandbox.shopify.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.InventoryWrite;
import io.possync.sandbox.shopify.inventory.SetResult;
import io.possync.sandbox.shopify.inventory.SetRow;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;

/**
 * {@code inventorySetQuantities(input: {name, reason, referenceDocumentUri, quantities: [{inventoryItemId,
 * locationId, quantity, changeFromQuantity}]}) @idempotent(key: "<uuid>")} under the 2026-04+ rules: the
 * directive is required, every row must carry {@code changeFromQuantity} (null opts out of the check), a
 * mismatch is the user error {@code CHANGE_FROM_QUANTITY_STALE} (HTTP 200) and then nothing is applied.
 * A key seen before with the same input is answered from memory without applying again, as documented
 * (the reference notes that real Shopify did not always enforce it).
 */
@Component
public class InventorySetQuantitiesMutation extends IdempotentMutation {

    static final int MAX_ROWS = 250;
    private static final Set<String> NAMES = Set.of("available", "on_hand");

    private final ShopifyInventory inventory;
    private final InventoryNodes nodes;
    private final AtomicLong groupIds = new AtomicLong(31_000_000_000L);

    public InventorySetQuantitiesMutation(ShopifyInventory inventory, InventoryNodes nodes) {
        super("inventorySetQuantities");
        this.inventory = inventory;
        this.nodes = nodes;
    }

    @Override
    Map<String, Object> apply(Map<String, Object> input) {
        List<?> quantities = input.get("quantities") instanceof List<?> list ? list : List.of();
        if (quantities.size() > MAX_ROWS) {
            throw new GraphqlException("The input array size of " + quantities.size()
                    + " is greater than the maximum allowed of " + MAX_ROWS + ".", "MAX_INPUT_SIZE_EXCEEDED");
        }
        String name = String.valueOf(input.get("name"));
        List<Map<String, Object>> userErrors = new ArrayList<>();
        if (!NAMES.contains(name)) {
            userErrors.add(userError(List.of("input", "name"), "INVALID_NAME", "The quantity name must be available or on_hand."));
        }
        if (input.get("reason") == null || input.get("reason").toString().isBlank()) {
            userErrors.add(userError(List.of("input", "reason"), "INVALID_REASON", "The reason is required."));
        }
        List<SetRow> rows = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            rows.add(row(quantities.get(i), i));
        }
        if (!userErrors.isEmpty()) {
            return result(null, userErrors);
        }
        SetResult outcome = inventory.set(name, rows, InventoryWrite.API);
        if (!outcome.applied()) {
            outcome.problems().forEach(p -> userErrors.add(userError(
                    List.of("input", "quantities", Integer.toString(p.row()),
                            "CHANGE_FROM_QUANTITY_STALE".equals(p.code()) ? "changeFromQuantity" : "inventoryItemId"),
                    p.code(), p.message())));
            return result(null, userErrors);
        }
        return result(group(groupIds.incrementAndGet(), outcome, input, nodes), List.of());
    }

    /** The {@code inventoryAdjustmentGroup} of an applied set or adjustment. */
    static Map<String, Object> group(long id, SetResult outcome, Map<String, Object> input, InventoryNodes nodes) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("__typename", "InventoryAdjustmentGroup");
        group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + id);
        group.put("createdAt", OrderNodes.utc(outcome.at()));
        group.put("reason", input.get("reason"));
        group.put("referenceDocumentUri", input.get("referenceDocumentUri"));
        group.put("changes", outcome.changes().stream().map(change -> change(nodes, change)).toList());
        return group;
    }

    @SuppressWarnings("unchecked")
    private static SetRow row(Object value, int index) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new GraphqlException("quantities." + index + " must be an object", "argumentLiteralsIncompatible");
        }
        Map<String, Object> row = (Map<String, Object>) map;
        if (!row.containsKey("changeFromQuantity")) {
            // 2026-04+: the field is required; sending null is the explicit opt-out (wording unconfirmed)
            throw new GraphqlException("Argument 'changeFromQuantity' on InputObject 'InventorySetQuantityInput' is "
                    + "required. Expected type Int (quantities." + index + ")", "missingRequiredInputObjectAttribute");
        }
        if (!(row.get("quantity") instanceof Number quantity)) {
            throw new GraphqlException("quantities." + index + ".quantity must be an Int", "argumentLiteralsIncompatible");
        }
        Object changeFrom = row.get("changeFromQuantity");
        return new SetRow(InventoryNodes.id("InventoryItem", row.get("inventoryItemId")),
                InventoryNodes.id("Location", row.get("locationId")), quantity.longValue(),
                changeFrom instanceof Number number ? number.longValue() : null);
    }

    static Map<String, Object> change(InventoryNodes nodes, SetResult.Change change) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", change.name());
        node.put("delta", change.delta());
        node.put("quantityAfterChange", change.quantityAfterChange());
        node.put("item", nodes.item(change.variant()));
        node.put("location", nodes.location(change.location()));
        return node;
    }

    private static Map<String, Object> userError(List<String> field, String code, String message) {
        return userError("InventorySetQuantitiesUserError", field, code, message);
    }

    static Map<String, Object> userError(String type, List<String> field, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__typename", type);
        error.put("field", field);
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    static Map<String, Object> result(Map<String, Object> group, List<Map<String, Object>> userErrors) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventoryAdjustmentGroup", group);
        payload.put("userErrors", userErrors);
        return payload;
    }
}

package io.possync.sandbox.shopify.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.AdjustRow;
import io.possync.sandbox.shopify.inventory.InventoryWrite;
import io.possync.sandbox.shopify.inventory.SetResult;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;

/**
 * {@code inventoryAdjustQuantities(input: {name, reason, referenceDocumentUri, changes: [{inventoryItemId,
 * locationId, delta, changeFromQuantity}]}) @idempotent(key: "<uuid>")} under the 2026-04+ rules, as
 * {@link InventorySetQuantitiesMutation} for absolute sets: the directive is required, every row must
 * carry {@code changeFromQuantity} (null opts out), a stale row fails the whole call with
 * {@code CHANGE_FROM_QUANTITY_STALE}, at most 250 rows, cost 10. A key seen before with the same input
 * is answered from memory without applying again; with another input it is refused. Each changed level
 * is announced as {@code inventory_levels/update}, like every change of the shop's stock.
 */
@Component
public class InventoryAdjustQuantitiesMutation extends IdempotentMutation {

    private static final Set<String> NAMES = Set.of("available", "on_hand");
    private static final String USER_ERROR = "InventoryAdjustQuantitiesUserError";

    private final ShopifyInventory inventory;
    private final InventoryNodes nodes;
    private final AtomicLong groupIds = new AtomicLong(32_000_000_000L);

    public InventoryAdjustQuantitiesMutation(ShopifyInventory inventory, InventoryNodes nodes) {
        super("inventoryAdjustQuantities");
        this.inventory = inventory;
        this.nodes = nodes;
    }

    @Override
    Map<String, Object> apply(Map<String, Object> input) {
        List<?> changes = input.get("changes") instanceof List<?> list ? list : List.of();
        if (changes.size() > InventorySetQuantitiesMutation.MAX_ROWS) {
            throw new GraphqlException("The input array size of " + changes.size()
                    + " is greater than the maximum allowed of " + InventorySetQuantitiesMutation.MAX_ROWS + ".",
                    "MAX_INPUT_SIZE_EXCEEDED");
        }
        String name = String.valueOf(input.get("name"));
        List<Map<String, Object>> userErrors = new ArrayList<>();
        if (!NAMES.contains(name)) {
            userErrors.add(InventorySetQuantitiesMutation.userError(USER_ERROR, List.of("input", "name"),
                    "INVALID_NAME", "The quantity name must be available or on_hand."));
        }
        if (input.get("reason") == null || input.get("reason").toString().isBlank()) {
            userErrors.add(InventorySetQuantitiesMutation.userError(USER_ERROR, List.of("input", "reason"),
                    "INVALID_REASON", "The reason is required."));
        }
        List<AdjustRow> rows = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            rows.add(row(changes.get(i), i));
        }
        if (!userErrors.isEmpty()) {
            return InventorySetQuantitiesMutation.result(null, userErrors);
        }
        SetResult outcome = inventory.adjust(name, rows, InventoryWrite.API);
        if (!outcome.applied()) {
            outcome.problems().forEach(p -> userErrors.add(InventorySetQuantitiesMutation.userError(USER_ERROR,
                    List.of("input", "changes", Integer.toString(p.row()),
                            "CHANGE_FROM_QUANTITY_STALE".equals(p.code()) ? "changeFromQuantity" : "inventoryItemId"),
                    p.code(), p.message())));
            return InventorySetQuantitiesMutation.result(null, userErrors);
        }
        return InventorySetQuantitiesMutation.result(InventorySetQuantitiesMutation.group(groupIds.incrementAndGet(),
                outcome, input, nodes), List.of());
    }

    @SuppressWarnings("unchecked")
    private static AdjustRow row(Object value, int index) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new GraphqlException("changes." + index + " must be an object", "argumentLiteralsIncompatible");
        }
        Map<String, Object> row = (Map<String, Object>) map;
        if (!row.containsKey("changeFromQuantity")) {
            // 2026-04+: required on every row; null is the explicit opt-out (wording unconfirmed)
            throw new GraphqlException("Argument 'changeFromQuantity' on InputObject 'InventoryChangeInput' is "
                    + "required. Expected type Int (changes." + index + ")", "missingRequiredInputObjectAttribute");
        }
        if (!(row.get("delta") instanceof Number delta)) {
            throw new GraphqlException("changes." + index + ".delta must be an Int", "argumentLiteralsIncompatible");
        }
        Object changeFrom = row.get("changeFromQuantity");
        return new AdjustRow(InventoryNodes.id("InventoryItem", row.get("inventoryItemId")),
                InventoryNodes.id("Location", row.get("locationId")), delta.longValue(),
                changeFrom instanceof Number number ? number.longValue() : null);
    }
}

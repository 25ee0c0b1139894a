package io.possync.connector.shopify.client;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.possync.common.connection.Connection;
import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import tools.jackson.databind.JsonNode;

/**
 * The inventory operations of the Admin GraphQL API the connector needs. Look-ups of many SKUs or
 * levels go out as one query with one alias per item, a few dozen at a time, so a batch costs a
 * handful of calls however many SKUs it names.
 */
public class ShopifyInventoryApi {

    /** A page of 10 is enough to see a duplicate SKU even if Shopify's search also returns near matches. */
    private static final int SEARCH_PAGE = 10;
    private static final int SEARCH_COST = 2 + SEARCH_PAGE * 3;
    private static final int LEVEL_COST = 3;
    private static final int MUTATION_COST = 10;

    private final ShopifyGraphqlClient client;
    private final int lookupsPerQuery;

    public ShopifyInventoryApi(ShopifyGraphqlClient client, ShopifyConnectorProperties properties) {
        this.client = client;
        this.lookupsPerQuery = Math.max(1, properties.lookupsPerQuery());
    }

    /** Variants whose SKU is exactly each of {@code skus}; a SKU with no variant maps to an empty list. */
    public Map<String, List<VariantHit>> variantsBySku(Connection connection, List<String> skus) {
        Map<String, List<VariantHit>> found = new LinkedHashMap<>();
        for (List<String> chunk : chunks(skus)) {
            StringBuilder query = new StringBuilder("query FindVariants(");
            StringBuilder fields = new StringBuilder();
            Map<String, Object> variables = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                query.append(i == 0 ? "" : ", ").append("$q").append(i).append(": String!");
                fields.append("  v").append(i).append(": productVariants(first: ").append(SEARCH_PAGE)
                        .append(", query: $q").append(i)
                        .append(") { nodes { id sku inventoryItem { id } product { id } } }\n");
                variables.put("q" + i, "sku:\"" + chunk.get(i).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            query.append(") {\n").append(fields).append('}');
            JsonNode data = client.execute(connection, query.toString(), variables, SEARCH_COST * chunk.size()).data();
            for (int i = 0; i < chunk.size(); i++) {
                String sku = chunk.get(i);
                List<VariantHit> hits = new ArrayList<>();
                for (JsonNode node : data.path("v" + i).path("nodes")) {
                    // search may match more than the exact SKU (tokenised terms): keep exact matches only
                    if (sku.equals(node.path("sku").asString(null))) {
                        hits.add(new VariantHit(sku, node.path("id").asString(), node.path("inventoryItem").path("id")
                                .asString()));
                    }
                }
                found.put(sku, hits);
            }
        }
        return found;
    }

    /** The first of the shop's locations ({@code locations(first: 1)}). */
    public String firstLocation(Connection connection) {
        JsonNode data = client.execute(connection, "query FirstLocation { locations(first: 1) { nodes { id } } }",
                Map.of(), 3).data();
        JsonNode first = data.path("locations").path("nodes").path(0);
        if (first.isMissingNode()) {
            throw new ShopifyApiException("Shopify " + connection.id() + " has no location");
        }
        return first.path("id").asString();
    }

    /**
     * The {@code available} quantity of each item at {@code locationId}; an item not stocked there (or
     * unknown) is absent from the answer.
     */
    public Map<String, Long> available(Connection connection, String locationId, List<String> inventoryItemIds) {
        Map<String, Long> levels = new HashMap<>();
        levels(connection, locationId, inventoryItemIds).forEach((item, level) -> levels.put(item, level.available()));
        return levels;
    }

    /**
     * The {@code available} quantity of each item at {@code locationId} with its {@code updatedAt}, a few
     * dozen items per query (one alias each) so a shop's mapped items are read in pages within the cost
     * bucket; an item not stocked there (or unknown), or whose level lacks a quantity, is absent.
     */
    public Map<String, ItemLevel> levels(Connection connection, String locationId, List<String> inventoryItemIds) {
        Map<String, ItemLevel> levels = new HashMap<>();
        for (List<String> chunk : chunks(inventoryItemIds)) {
            StringBuilder query = new StringBuilder("query Levels($location: ID!");
            StringBuilder fields = new StringBuilder();
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("location", locationId);
            for (int i = 0; i < chunk.size(); i++) {
                query.append(", $i").append(i).append(": ID!");
                fields.append("  l").append(i).append(": inventoryItem(id: $i").append(i)
                        .append(") { id inventoryLevel(locationId: $location) { updatedAt"
                                + " quantities(names: [\"available\"]) { name quantity } } }\n");
                variables.put("i" + i, chunk.get(i));
            }
            query.append(") {\n").append(fields).append('}');
            JsonNode data = client.execute(connection, query.toString(), variables, LEVEL_COST * chunk.size()).data();
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode level = data.path("l" + i).path("inventoryLevel");
                Instant updatedAt = instant(level.path("updatedAt").asString(null));
                for (JsonNode quantity : level.path("quantities")) {
                    if ("available".equals(quantity.path("name").asString(null)) && quantity.path("quantity").isNumber()) {
                        levels.put(chunk.get(i), new ItemLevel(quantity.path("quantity").asLong(), updatedAt));
                    }
                }
            }
        }
        return levels;
    }

    /** SKU and variant of an inventory item (from a webhook's {@code inventory_item_id}); empty when Shopify has none. */
    public Optional<VariantHit> inventoryItem(Connection connection, String inventoryItemId) {
        JsonNode item = client.execute(connection, "query Item($id: ID!) { inventoryItem(id: $id) { id sku variant { id } } }",
                Map.of("id", inventoryItemId), 3).data().path("inventoryItem");
        String sku = item.path("sku").asString(null);
        if (item.isMissingNode() || item.isNull() || sku == null || sku.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new VariantHit(sku, item.path("variant").path("id").asString(null), inventoryItemId));
    }

    public InventorySetOutcome setAvailable(Connection connection, InventorySetRequest request) {
        JsonNode payload = client.execute(connection, InventorySetRequest.MUTATION, request.variables(), MUTATION_COST)
                .data().path("inventorySetQuantities");
        return outcome(payload, "quantities");
    }

    /** Relative changes; the outcome's row errors are by row of {@code request}, as for {@link #setAvailable}. */
    public InventorySetOutcome adjustAvailable(Connection connection, InventoryAdjustRequest request) {
        JsonNode payload = client.execute(connection, InventoryAdjustRequest.MUTATION, request.variables(),
                MUTATION_COST).data().path("inventoryAdjustQuantities");
        return outcome(payload, "changes");
    }

    private static InventorySetOutcome outcome(JsonNode payload, String rowsField) {
        Map<Integer, InventorySetOutcome.RowError> errors = new HashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (JsonNode error : payload.path("userErrors")) {
            InventorySetOutcome.RowError rowError = new InventorySetOutcome.RowError(
                    error.path("code").asString("UNKNOWN"), error.path("message").asString(""));
            Integer row = rowIndex(error.path("field"), rowsField);
            if (row == null) {
                unplaced.add(rowError.code() + ": " + rowError.message());
            } else {
                errors.put(row, rowError);
            }
        }
        if (!unplaced.isEmpty()) {
            throw new ShopifyApiException("Shopify refused the stock update: " + String.join("; ", unplaced));
        }
        JsonNode group = payload.path("inventoryAdjustmentGroup");
        boolean applied = !group.isMissingNode() && !group.isNull();
        List<Long> availableAfter = new ArrayList<>();
        for (JsonNode change : group.path("changes")) {
            if ("available".equals(change.path("name").asString(null)) && change.path("quantityAfterChange").isNumber()) {
                availableAfter.add(change.path("quantityAfterChange").asLong());
            }
        }
        return new InventorySetOutcome(applied, applied ? instant(group.path("createdAt").asString(null)) : null, errors,
                availableAfter);
    }

    /** {@code field: ["input", "quantities", "3", "changeFromQuantity"]} names row 3 ({@code changes} for adjustments). */
    private static Integer rowIndex(JsonNode field, String rowsField) {
        for (int i = 0; i + 1 < field.size(); i++) {
            if (rowsField.equals(field.path(i).asString(null))) {
                try {
                    return Integer.parseInt(field.path(i + 1).asString());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += lookupsPerQuery) {
            chunks.add(items.subList(from, Math.min(items.size(), from + lookupsPerQuery)));
        }
        return chunks;
    }
}

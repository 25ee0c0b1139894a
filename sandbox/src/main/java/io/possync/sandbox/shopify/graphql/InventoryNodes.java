package io.possync.sandbox.shopify.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.LevelView;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;
import io.possync.sandbox.shopify.inventory.SimLocation;
import io.possync.sandbox.shopify.inventory.SimVariant;

/** Variants, inventory items, levels and locations as GraphQL nodes. */
@Component
public class InventoryNodes {

    private static final Pattern GID = Pattern.compile("gid://shopify/(\\w+)/(\\d+)");
    /** The quantity names Shopify knows; the simulator tracks available and committed, the rest are 0. */
    private static final Set<String> QUANTITY_NAMES = Set.of("available", "committed", "on_hand", "incoming",
            "reserved", "damaged", "safety_stock", "quality_control");

    private final ShopifyInventory inventory;

    public InventoryNodes(ShopifyInventory inventory) {
        this.inventory = inventory;
    }

    /**
     * The numeric id of a GID of {@code type}. Anything else (a bare number, another type, an
     * InventoryLevel GID given as an item) is Shopify's "Invalid id" (the code is unconfirmed).
     */
    static long id(String type, Object gid) {
        Matcher matcher = gid == null ? null : GID.matcher(gid.toString());
        if (matcher == null || !matcher.matches() || !matcher.group(1).equals(type)) {
            throw new GraphqlException("Invalid id: " + gid, "RESOURCE_NOT_FOUND");
        }
        return Long.parseLong(matcher.group(2));
    }

    Map<String, Object> variant(SimVariant variant) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "ProductVariant");
        node.put("id", variant.gid());
        node.put("legacyResourceId", Long.toString(variant.id()));
        node.put("sku", variant.sku());
        node.put("barcode", variant.barcode());
        node.put("price", variant.price().toPlainString());
        node.put("title", "Default Title");
        node.put("displayName", variant.productTitle());
        node.put("inventoryQuantity", inventory.levels(variant.inventoryItemId()).stream()
                .mapToLong(LevelView::available).sum());
        node.put("inventoryItem", item(variant));
        node.put("product", Map.of("__typename", "Product", "id", variant.productGid(), "title", variant.productTitle()));
        return node;
    }

    Map<String, Object> item(SimVariant variant) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "InventoryItem");
        node.put("id", variant.inventoryItemGid());
        node.put("legacyResourceId", Long.toString(variant.inventoryItemId()));
        node.put("sku", variant.sku());
        node.put("tracked", true);
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("__typename", "ProductVariant");
        owner.put("id", variant.gid());
        owner.put("sku", variant.sku());
        node.put("variant", owner);
        Function<GraphqlField, Object> levels = field -> Connections.page(
                inventory.levels(variant.inventoryItemId()), field, LevelView::id, this::level);
        node.put("inventoryLevels", levels);
        Function<GraphqlField, Object> level = field -> inventory.level(variant.inventoryItemId(),
                id("Location", field.argument("locationId"))).map(this::level).orElse(null);
        node.put("inventoryLevel", level);
        return node;
    }

    Map<String, Object> level(LevelView level) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "InventoryLevel");
        node.put("id", level.gid());
        node.put("updatedAt", OrderNodes.utc(level.updatedAt()));
        node.put("createdAt", OrderNodes.utc(level.updatedAt()));
        node.put("location", location(level.location()));
        node.put("item", Map.of("__typename", "InventoryItem", "id", level.variant().inventoryItemGid(),
                "sku", level.variant().sku() == null ? "" : level.variant().sku()));
        Function<GraphqlField, Object> quantities = field -> quantities(level, field);
        node.put("quantities", quantities);
        return node;
    }

    Map<String, Object> location(SimLocation location) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "Location");
        node.put("id", location.gid());
        node.put("legacyResourceId", Long.toString(location.id()));
        node.put("name", location.name());
        node.put("isActive", true);
        node.put("fulfillsOnlineOrders", true);
        return node;
    }

    private static List<Map<String, Object>> quantities(LevelView level, GraphqlField field) {
        if (!(field.argument("names") instanceof List<?> names)) {
            throw new GraphqlException("Field 'quantities' is missing required arguments: names", "missingRequiredArguments");
        }
        List<Map<String, Object>> quantities = new ArrayList<>();
        for (Object name : names) {
            if (!QUANTITY_NAMES.contains(String.valueOf(name))) {
                throw new GraphqlException("Invalid quantity name: " + name, "BAD_REQUEST");
            }
            long quantity = switch (String.valueOf(name)) {
                case "available" -> level.available();
                case "committed" -> level.committed();
                case "on_hand" -> level.onHand();
                default -> 0;
            };
            quantities.add(Map.of("__typename", "InventoryQuantity", "name", name, "quantity", quantity,
                    "updatedAt", OrderNodes.utc(level.updatedAt())));
        }
        return quantities;
    }
}

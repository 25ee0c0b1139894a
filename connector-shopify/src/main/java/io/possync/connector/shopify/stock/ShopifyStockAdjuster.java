package io.possync.connector.shopify.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.CommandOutcome;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.connector.shopify.client.InventoryAdjustRequest;
import io.possync.connector.shopify.client.InventorySetOutcome;
import io.possync.connector.shopify.client.ShopifyApiException;
import io.possync.connector.shopify.client.ShopifyInventoryApi;
import io.possync.connector.shopify.client.ShopifyThrottledException;
import io.possync.connector.shopify.client.VariantHit;
import io.possync.connector.shopify.mapping.InventoryMapping;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Applies AdjustStock commands (1c: a POS sale reaching the webshop that is master of stock) with
 * {@code inventoryAdjustQuantities}, one call per command with the command id as the {@code @idempotent}
 * key: each is one logical operation, and relative changes are rare next to levels (POS sales only),
 * so no batching is attempted. Our own record ({@link MongoShopifyAdjustments}) keeps a delta from
 * being applied twice. The level Shopify reports after the change becomes the SKU's known level (the
 * compare-and-set value of a later absolute write); it is not recorded as a write of ours, so the
 * shop's {@code inventory_levels/update} about it reaches the engine, which recognises it exactly.
 */
public class ShopifyStockAdjuster {

    private static final Logger log = LoggerFactory.getLogger(ShopifyStockAdjuster.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoConnectionStore connections;
    private final ShopifyInventoryApi api;
    private final ShopifyLocations locations;
    private final MongoInventoryMappings mappings;
    private final MongoShopifyAdjustments adjustments;

    public ShopifyStockAdjuster(MongoConnectionStore connections, ShopifyInventoryApi api, ShopifyLocations locations,
                                MongoInventoryMappings mappings, MongoShopifyAdjustments adjustments) {
        this.connections = connections;
        this.api = api;
        this.locations = locations;
        this.mappings = mappings;
        this.adjustments = adjustments;
    }

    /** Outcomes by command id of {@code commands} (AdjustStock only, in delivery order). */
    public Map<String, CommandOutcome> adjust(String connectionId, List<ConnectorCommand> commands) {
        Map<String, CommandOutcome> outcomes = new LinkedHashMap<>();
        Map<String, String> states = adjustments.states(commands.stream().map(ConnectorCommand::getCommandId).toList());
        List<ConnectorCommand> todo = new ArrayList<>();
        for (ConnectorCommand command : commands) {
            if (outcomes.containsKey(command.getCommandId())) {
                continue;
            }
            if (MongoShopifyAdjustments.APPLIED.equals(states.get(command.getCommandId()))) {
                outcomes.put(command.getCommandId(), CommandOutcome.alreadyApplied("adjusted before",
                        details((AdjustStock) command.getAction(), null)));
            } else {
                outcomes.put(command.getCommandId(), null);
                todo.add(command);
            }
        }
        if (todo.isEmpty()) {
            return outcomes;
        }
        Connection connection = connections.find(connectionId).blockOptional(TIMEOUT).orElse(null);
        String unusable = ShopifyStockWriter.unusable(connection, connectionId);
        for (ConnectorCommand command : todo) {
            AdjustStock adjustment = (AdjustStock) command.getAction();
            outcomes.put(command.getCommandId(), unusable != null
                    ? CommandOutcome.parked(unusable, 0, details(adjustment, null))
                    : adjustOne(connection, command, adjustment));
        }
        return outcomes;
    }

    private CommandOutcome adjustOne(Connection connection, ConnectorCommand command, AdjustStock adjustment) {
        String sku = adjustment.getSku();
        if (adjustment.getDelta() == 0) {
            return CommandOutcome.parked("AdjustStock for " + sku + " has delta 0", 0, details(adjustment, null));
        }
        try {
            String item = inventoryItem(connection, sku);
            if (item == null) {
                return CommandOutcome.parked("SKU " + sku + " is missing in Shopify or held by several variants", 1,
                        details(adjustment, null));
            }
            String location = locations.locationOf(connection);
            adjustments.sending(connection.id(), command.getCommandId(), sku, adjustment.getDelta());
            InventorySetOutcome outcome = api.adjustAvailable(connection, new InventoryAdjustRequest(
                    command.getCommandId(), ShopifyStockWriter.REASON,
                    "gid://possync/StockSync/" + command.getCommandId(),
                    List.of(new InventoryAdjustRequest.Row(item, location, adjustment.getDelta()))));
            InventorySetOutcome.RowError error = outcome.rowErrors().get(0);
            if (error != null || !outcome.applied()) {
                return CommandOutcome.parked(error == null ? "Shopify applied no change for " + sku
                        : "Shopify refused " + sku + ": " + error.code() + " " + error.message(), 1,
                        details(adjustment, null));
            }
            Long after = outcome.availableAfter().isEmpty() ? null : outcome.availableAfter().get(0);
            adjustments.applied(command.getCommandId(), after);
            if (after != null) {
                mappings.recordRead(connection.id(), Map.of(sku, after), location);
            }
            return CommandOutcome.applied(1, details(adjustment, after));
        } catch (HttpStatusException | RetriesExhaustedException | ShopifyApiException | ShopifyThrottledException e) {
            log.warn("Shopify {}: parking adjustment {} of {}: {}", connection.id(), command.getCommandId(), sku,
                    e.getMessage());
            return CommandOutcome.parked(e.getMessage(), 1, details(adjustment, null));
        }
    }

    private String inventoryItem(Connection connection, String sku) {
        InventoryMapping known = mappings.findBySkus(connection.id(), List.of(sku)).get(sku);
        if (known != null && known.resolved()) {
            return known.inventoryItemId();
        }
        List<VariantHit> hits = api.variantsBySku(connection, List.of(sku)).getOrDefault(sku, List.of());
        if (hits.size() != 1) {
            return null;
        }
        mappings.saveRefs(connection.id(), hits);
        return hits.get(0).inventoryItemId();
    }

    private static Map<String, String> details(AdjustStock adjustment, Long levelAfter) {
        Map<String, String> details = new HashMap<>();
        details.put("sku", adjustment.getSku());
        details.put("delta", Integer.toString(adjustment.getDelta()));
        if (levelAfter != null) {
            details.put("levelAfter", Long.toString(levelAfter));
        }
        return details;
    }
}

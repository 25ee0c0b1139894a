package io.possync.connector.shopify.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.connector.shopify.client.ShopifyInventoryApi;
import io.possync.connector.shopify.client.VariantHit;
import io.possync.connector.shopify.mapping.InventoryMapping;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer.LevelUpdate;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer.Verdict;
import io.possync.connector.shopify.stock.ShopifyLocations;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.WebhookEnvelope;

/**
 * {@code inventory_levels/update} → {@link StockChanged} for the connection's location. The body names
 * the inventory item only, so the SKU comes from {@code mappings}, or once from the API (and only when
 * the SKU is unique in the shop: an ambiguous SKU has no trustworthy level). Echoes of our own writes
 * and levels older than them are dropped.
 */
public class ShopifyInventoryWebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(ShopifyInventoryWebhookHandler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ShopifyStockNormalizer normalizer;
    private final MongoConnectionStore connections;
    private final ShopifyLocations locations;
    private final MongoInventoryMappings mappings;
    private final ShopifyInventoryApi api;

    public ShopifyInventoryWebhookHandler(ShopifyStockNormalizer normalizer, MongoConnectionStore connections,
                                          ShopifyLocations locations, MongoInventoryMappings mappings,
                                          ShopifyInventoryApi api) {
        this.normalizer = normalizer;
        this.connections = connections;
        this.locations = locations;
        this.mappings = mappings;
        this.api = api;
    }

    public Optional<StockChanged> handle(WebhookEnvelope envelope) {
        LevelUpdate update = normalizer.read(envelope);
        String connectionId = envelope.getHeader().getConnectionId();
        if (update.available() == null) {
            log.info("Shopify {}: item {} reports no available level (untracked?); ignored", connectionId,
                    update.inventoryItemId());
            return Optional.empty();
        }
        Connection connection = connections.find(connectionId).blockOptional(TIMEOUT).orElse(null);
        if (connection == null) {
            log.warn("inventory level for unknown connection {} ignored", connectionId);
            return Optional.empty();
        }
        String location = locations.locationOf(connection);
        if (!ShopifyLocations.numericId(location).equals(Long.toString(update.locationId()))) {
            log.debug("Shopify {}: level at location {} is not ours ({}); ignored", connectionId,
                    update.locationId(), location);
            return Optional.empty();
        }
        // built from inventory_item_id: the level's own GID is refused by inventoryItem(id:) (pitfall §8.8)
        String itemId = "gid://shopify/InventoryItem/" + update.inventoryItemId();
        InventoryMapping mapping = mappings.findByInventoryItem(connectionId, itemId).orElse(null);
        String sku = mapping != null ? mapping.sku() : learnSku(connection, itemId).orElse(null);
        if (sku == null) {
            return Optional.empty();
        }
        Verdict verdict = ShopifyStockNormalizer.judge(mapping, update.available(), update.updatedAt());
        if (verdict != Verdict.PUBLISH) {
            log.debug("Shopify {}: {} = {} at {} dropped as {} (last written {} at {})", connectionId, sku,
                    update.available(), update.updatedAt(), verdict == Verdict.ECHO ? "the echo of our own write"
                            : "older than our last write", mapping.lastWrittenLevel(), mapping.lastWrittenAt());
            return Optional.empty();
        }
        mappings.recordObserved(connectionId, sku, update.available(), location, update.updatedAt());
        return Optional.of(ShopifyStockNormalizer.toEvent(envelope, sku, update, location));
    }

    private Optional<String> learnSku(Connection connection, String itemId) {
        Optional<VariantHit> item = api.inventoryItem(connection, itemId);
        if (item.isEmpty()) {
            log.info("Shopify {}: inventory item {} has no SKU (or is gone); level ignored", connection.id(), itemId);
            return Optional.empty();
        }
        String sku = item.get().sku();
        List<VariantHit> holders = api.variantsBySku(connection, List.of(sku)).getOrDefault(sku, List.of());
        if (holders.size() != 1 || !holders.get(0).inventoryItemId().equals(itemId)) {
            log.warn("Shopify {}: SKU {} is held by {} variants; its level is ambiguous and ignored",
                    connection.id(), sku, holders.size());
            return Optional.empty();
        }
        mappings.saveRefs(connection.id(), holders);
        return Optional.of(sku);
    }
}

package io.possync.connector.shopify.stock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.common.poll.ConnectionPoll;
import io.possync.connector.shopify.client.ItemLevel;
import io.possync.connector.shopify.client.ShopifyInventoryApi;
import io.possync.connector.shopify.mapping.InventoryMapping;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer.Verdict;
import io.possync.schemas.avro.StockChanged;

/**
 * Reconciliation poll of one shop's levels, for {@code inventory_levels/update} deliveries that never
 * came: reads the {@code available} level and {@code updatedAt} of every mapped item at the connection's
 * location (a few dozen aliased items per GraphQL query, through the shop's cost bucket) and publishes
 * a level unless the connector has already seen it (same level and time as the last webhook) or it is
 * the echo of our own write or older than it, exactly as the webhook path judges. A published level has
 * the same event id as its webhook would, and the engine takes a level of the same time as the same change.
 */
public class ShopifyStockPoller implements ConnectionPoll {

    private static final Logger log = LoggerFactory.getLogger(ShopifyStockPoller.class);

    private final ShopifyInventoryApi api;
    private final ShopifyLocations locations;
    private final MongoInventoryMappings mappings;
    private final KafkaStockPublisher publisher;

    public ShopifyStockPoller(ShopifyInventoryApi api, ShopifyLocations locations, MongoInventoryMappings mappings,
                              KafkaStockPublisher publisher) {
        this.api = api;
        this.locations = locations;
        this.mappings = mappings;
        this.publisher = publisher;
    }

    @Override
    public int poll(Connection connection) {
        List<InventoryMapping> mapped = mappings.findResolved(connection.id());
        if (mapped.isEmpty()) {
            return 0;
        }
        String location = locations.locationOf(connection);
        var levels = api.levels(connection, location, mapped.stream().map(InventoryMapping::inventoryItemId).toList());
        Map<String, List<InventoryMapping.Write>> announced = mappings.announcedAround(connection.id(),
                levels.values().stream().map(ItemLevel::updatedAt).filter(Objects::nonNull).toList());
        List<StockChanged> changed = new ArrayList<>();
        for (InventoryMapping mapping : mapped) {
            ItemLevel level = levels.get(mapping.inventoryItemId());
            // rule 6: an item without a level or its time at our location is not taken as 0 or as now
            if (level == null || level.updatedAt() == null || alreadySeen(mapping, level, location)
                    || ShopifyStockNormalizer.judge(mapping.withAnnounced(announced.get(mapping.sku())),
                            level.available(), level.updatedAt()) != Verdict.PUBLISH) {
                continue;
            }
            changed.add(ShopifyStockNormalizer.polled(connection.tenantId(), connection.id(), mapping.sku(),
                    level.available(), level.updatedAt(), location));
        }
        publisher.publishAll(changed);
        for (StockChanged change : changed) {
            mappings.recordObserved(connection.id(), change.getSku(), change.getLevel(), location, change.getChangedAt());
        }
        log.debug("stock poll of Shopify {}: {} mapped items, {} levels published", connection.id(), mapped.size(),
                changed.size());
        return changed.size();
    }

    /** The last webhook (or poll) already brought this very level of this time. */
    private static boolean alreadySeen(InventoryMapping mapping, ItemLevel level, String location) {
        return location.equals(mapping.knownLocationId()) && mapping.knownLevel() != null
                && mapping.knownLevel() == level.available() && level.updatedAt().equals(mapping.knownAt());
    }

}

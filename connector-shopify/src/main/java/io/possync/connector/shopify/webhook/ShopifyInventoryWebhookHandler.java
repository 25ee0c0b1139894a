package io.possync.connector.shopify.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.connector.shopify.client.ItemLevel;
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
 * {@code inventory_levels/update} → {@link StockChanged} for the connection's location, a batch of
 * deliveries at a time. The body names the inventory item only, so the SKU comes from {@code mappings}
 * (one lookup per connection for the whole batch), or once from the API (and only when the SKU is unique
 * in the shop: an ambiguous SKU has no trustworthy level). Echoes of our own writes and levels older than
 * them are dropped. Every delivery of a batch is judged against the mappings as read at its start: only
 * the writer changes what the judgement reads, and it does so concurrently anyway.
 *
 * <p>Two levels of one item within one second of {@code updated_at} cannot be ordered from what Shopify
 * sends ({@link ShopifyStockNormalizer#orderUnknown}), and deliveries come in any order: the later one of
 * them to arrive is replaced by the level read from Shopify then, which is newer than both. The engine
 * takes levels of one second in arrival order, so it ends with the level Shopify holds.
 */
public class ShopifyInventoryWebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(ShopifyInventoryWebhookHandler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * What became of a batch: one entry per delivery handled, in order (empty: nothing to publish); when
     * {@code failure} is set, it stopped the batch at delivery {@code events.size()}, and nothing of that
     * delivery or the ones after it took effect.
     */
    public record Handled(List<Optional<StockChanged>> events, RuntimeException failure) {
    }

    /** The last level of an item the connector knows, with its time. */
    private record Seen(Long level, Instant at) {

        static Seen of(InventoryMapping mapping, String location) {
            return mapping == null ? new Seen(null, null) : new Seen(mapping.knownLevelAt(location), mapping.knownAt());
        }
    }

    /**
     * The connection of some deliveries, its location, the mappings of their items and our announced writes
     * around the deliveries' times, by SKU.
     */
    private record Shop(Connection connection, String location, Map<String, InventoryMapping> byItem,
                        Map<String, List<InventoryMapping.Write>> announced) {
    }

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

    public Handled handle(List<WebhookEnvelope> envelopes) {
        List<LevelUpdate> updates = new ArrayList<>(envelopes.size());
        RuntimeException failure = null;
        for (WebhookEnvelope envelope : envelopes) {
            try {
                updates.add(normalizer.read(envelope));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        List<Optional<StockChanged>> events = new ArrayList<>(updates.size());
        List<MongoInventoryMappings.Observed> observed = new ArrayList<>();
        Map<String, Shop> shops = new HashMap<>();
        Map<String, Optional<String>> learned = new HashMap<>();
        Map<String, Seen> seen = new HashMap<>();
        // every readable delivery comes before the unreadable one, if any
        for (int i = 0; i < updates.size(); i++) {
            try {
                events.add(judge(envelopes.get(i), updates.get(i), envelopes, updates, shops, learned, seen,
                        observed));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        try {
            mappings.recordObserved(observed);
        } catch (RuntimeException e) {
            // nothing of the batch is published: its deliveries come again
            return new Handled(List.of(), e);
        }
        return new Handled(events, failure);
    }

    private Optional<StockChanged> judge(WebhookEnvelope envelope, LevelUpdate update, List<WebhookEnvelope> envelopes,
                                         List<LevelUpdate> updates, Map<String, Shop> shops,
                                         Map<String, Optional<String>> learned, Map<String, Seen> seen,
                                         List<MongoInventoryMappings.Observed> observed) {
        String connectionId = envelope.getHeader().getConnectionId();
        if (update.available() == null) {
            log.info("Shopify {}: item {} reports no available level (untracked?); ignored", connectionId,
                    update.inventoryItemId());
            return Optional.empty();
        }
        Shop shop = shops.computeIfAbsent(connectionId, id -> shop(id, envelopes, updates));
        if (shop.connection() == null) {
            log.warn("inventory level for unknown connection {} ignored", connectionId);
            return Optional.empty();
        }
        if (!ShopifyLocations.numericId(shop.location()).equals(Long.toString(update.locationId()))) {
            log.debug("Shopify {}: level at location {} is not ours ({}); ignored", connectionId,
                    update.locationId(), shop.location());
            return Optional.empty();
        }
        String itemId = itemGid(update);
        InventoryMapping mapping = shop.byItem().get(itemId);
        String sku = mapping != null ? mapping.sku()
                : learned.computeIfAbsent(connectionId + "|" + itemId, k -> learnSku(shop.connection(), itemId))
                        .orElse(null);
        if (sku == null) {
            return Optional.empty();
        }
        Verdict verdict = ShopifyStockNormalizer.judge(mapping == null ? null
                : mapping.withAnnounced(shop.announced().get(sku)), update.available(), update.updatedAt());
        if (verdict != Verdict.PUBLISH) {
            log.debug("Shopify {}: {} = {} at {} dropped as {} (last written {} at {})", connectionId, sku,
                    update.available(), update.updatedAt(), verdict == Verdict.ECHO ? "the echo of our own write"
                            : "older than our last write", mapping.lastWrittenLevel(), mapping.lastWrittenAt());
            return Optional.empty();
        }
        String itemKey = connectionId + "|" + itemId;
        Optional<StockChanged> event = ordered(envelope, update, sku, itemId, shop,
                seen.getOrDefault(itemKey, Seen.of(mapping, shop.location())));
        event.ifPresent(e -> {
            seen.put(itemKey, new Seen(e.getLevel(), e.getChangedAt()));
            observed.add(new MongoInventoryMappings.Observed(connectionId, sku, e.getLevel(), shop.location(),
                    e.getChangedAt()));
        });
        return event;
    }

    /**
     * The delivery's level; or, when its order against the last level known of the item cannot be told, the
     * level Shopify holds now (none when it has none: nothing is guessed, rule 6).
     */
    private Optional<StockChanged> ordered(WebhookEnvelope envelope, LevelUpdate update, String sku, String itemId,
                                           Shop shop, Seen before) {
        if (!ShopifyStockNormalizer.orderUnknown(before.level(), before.at(), update.available(), update.updatedAt())) {
            return Optional.of(ShopifyStockNormalizer.toEvent(envelope, sku, update, shop.location()));
        }
        String connectionId = shop.connection().id();
        ItemLevel now = api.levels(shop.connection(), shop.location(), List.of(itemId)).get(itemId);
        if (now == null || now.updatedAt() == null) {
            log.warn("Shopify {}: {} = {} and {} within {}, and no level to read now; ignored", connectionId, sku,
                    before.level(), update.available(), update.updatedAt());
            return Optional.empty();
        }
        log.debug("Shopify {}: {} = {} and {} within one second; read {} of {} instead", connectionId, sku,
                before.level(), update.available(), now.available(), now.updatedAt());
        return Optional.of(ShopifyStockNormalizer.reread(envelope, sku, now.available(), now.updatedAt(),
                shop.location()));
    }

    /** The connection, its location and, in one lookup, the mappings of every item the batch names for it. */
    private Shop shop(String connectionId, List<WebhookEnvelope> envelopes, List<LevelUpdate> updates) {
        Connection connection = connections.find(connectionId).blockOptional(TIMEOUT).orElse(null);
        if (connection == null) {
            return new Shop(null, null, Map.of(), Map.of());
        }
        Set<String> items = new LinkedHashSet<>();
        Set<Instant> times = new HashSet<>();
        for (int i = 0; i < updates.size(); i++) {
            if (connectionId.equals(envelopes.get(i).getHeader().getConnectionId())) {
                items.add(itemGid(updates.get(i)));
                times.add(updates.get(i).updatedAt());
            }
        }
        return new Shop(connection, locations.locationOf(connection),
                mappings.findByInventoryItems(connectionId, items), mappings.announcedAround(connectionId, times));
    }

    /** Built from inventory_item_id: the level's own GID is refused by inventoryItem(id:) (pitfall §8.8). */
    private static String itemGid(LevelUpdate update) {
        return "gid://shopify/InventoryItem/" + update.inventoryItemId();
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

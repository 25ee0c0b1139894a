package io.possync.sandbox.shopify.inventory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;

/**
 * The shop's products, variants, inventory items and levels. Every change of an {@code available}
 * quantity, whatever caused it, is recorded in the write history and announced as an
 * {@code inventory_levels/update} webhook, as Shopify does for its own admin, orders and API writes.
 * One lock guards the model: sets are compare-and-set over several rows and must be atomic.
 */
@Component
public class ShopifyInventory {

    private static final long PRODUCT_ID_BASE = 8_900_000_000_000L;
    private static final long VARIANT_ID_BASE = 46_000_000_000_000L;
    private static final long ITEM_ID_BASE = 48_000_000_000_000L;
    private static final long LEVEL_ID_BASE = 120_000_000_000L;

    private final Clock clock;
    private final InventoryWebhooks webhooks;
    private final List<SimLocation> locations;
    // from the clock, so that ids never repeat across simulator restarts (the platform's mappings outlive it)
    private final AtomicLong sequence;
    private final TreeMap<Long, SimProduct> products = new TreeMap<>();
    private final TreeMap<Long, SimVariant> variants = new TreeMap<>();
    private final Map<Long, SimVariant> variantsByItem = new HashMap<>();
    /** SKU → its variants in id order; orders and admin edits name SKUs and must not scan the catalogue. */
    private final Map<String, List<SimVariant>> variantsBySku = new HashMap<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final List<InventoryWrite> writes = new ArrayList<>();

    /** The mutable state of one level; only touched under the inventory's lock. */
    private static final class Level {
        private final long id;
        private long available;
        private long committed;
        private Instant updatedAt;

        Level(long id, long available, Instant updatedAt) {
            this.id = id;
            this.available = available;
            this.updatedAt = updatedAt;
        }
    }

    public ShopifyInventory(Clock clock, ShopifySimulatorProperties properties, InventoryWebhooks webhooks) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.locations = List.of(new SimLocation(properties.posLocationId(), "Shop location"),
                new SimLocation(properties.posLocationId() + 1, "Warehouse"));
        this.sequence = new AtomicLong(clock.millis());
    }

    /** The primary location (first in the list): new variants are stocked there, orders draw from it. */
    public SimLocation primaryLocation() {
        return locations.get(0);
    }

    public List<SimLocation> locations() {
        return locations;
    }

    public Optional<SimLocation> location(long id) {
        return locations.stream().filter(l -> l.id() == id).findFirst();
    }

    public synchronized SimProduct create(NewProduct request) {
        if (request.title() == null || request.title().isBlank()) {
            throw new IllegalArgumentException("a product needs a title");
        }
        if (request.variants() == null || request.variants().isEmpty()) {
            throw new IllegalArgumentException("a product needs at least one variant");
        }
        long productId = PRODUCT_ID_BASE + sequence.incrementAndGet();
        Instant now = clock.instant();
        List<SimVariant> created = new ArrayList<>();
        for (NewProduct.Variant v : request.variants()) {
            String sku = v.sku() == null || v.sku().isBlank() ? null : v.sku();
            SimVariant variant = new SimVariant(VARIANT_ID_BASE + sequence.incrementAndGet(), productId,
                    request.title(), sku, v.barcode(), v.price() == null ? BigDecimal.ZERO : v.price(),
                    ITEM_ID_BASE + sequence.incrementAndGet());
            variants.put(variant.id(), variant);
            variantsByItem.put(variant.inventoryItemId(), variant);
            if (sku != null) {
                variantsBySku.computeIfAbsent(sku, k -> new ArrayList<>()).add(variant);
            }
            levels.put(key(variant.inventoryItemId(), primaryLocation().id()), new Level(
                    LEVEL_ID_BASE + sequence.incrementAndGet(), v.available() == null ? 0 : v.available(), now));
            created.add(variant);
        }
        SimProduct product = new SimProduct(productId, request.title(), List.copyOf(created));
        products.put(productId, product);
        return product;
    }

    /** Variants whose SKU is exactly {@code sku}, by id; SKUs are not unique in Shopify. */
    public synchronized List<SimVariant> variantsWithSku(String sku) {
        return sku == null ? List.of() : List.copyOf(variantsBySku.getOrDefault(sku, List.of()));
    }

    public synchronized List<SimVariant> allVariants() {
        return List.copyOf(variants.values());
    }

    public synchronized Optional<SimVariant> byInventoryItem(long itemId) {
        return Optional.ofNullable(variantsByItem.get(itemId));
    }

    public synchronized Optional<LevelView> level(long itemId, long locationId) {
        SimVariant variant = variantsByItem.get(itemId);
        Level level = levels.get(key(itemId, locationId));
        return variant == null || level == null ? Optional.empty()
                : Optional.of(view(variant, location(locationId).orElseThrow(), level));
    }

    /** The levels of one item, in location order. */
    public synchronized List<LevelView> levels(long itemId) {
        List<LevelView> found = new ArrayList<>();
        for (SimLocation location : locations) {
            level(itemId, location.id()).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Sets {@code name} ({@code available} or {@code on_hand}) of every row, or nothing when any row's
     * {@code changeFrom} does not match (compare-and-set over the whole input) or names an item that is
     * not stocked at the location.
     */
    public synchronized SetResult set(String name, List<SetRow> rows, String source) {
        Instant now = clock.instant();
        List<SetResult.Problem> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            SetRow row = rows.get(i);
            Level level = levels.get(key(row.inventoryItemId(), row.locationId()));
            if (!variantsByItem.containsKey(row.inventoryItemId()) || location(row.locationId()).isEmpty()) {
                problems.add(new SetResult.Problem(i, "INVALID_INVENTORY_ITEM", "The inventory item could not be found."));
            } else if (level == null) {
                // 2026-10 drops this error (the item gets stocked instead); the simulator keeps the 2026-07 answer
                problems.add(new SetResult.Problem(i, "ITEM_NOT_STOCKED_AT_LOCATION",
                        "The inventory item is not stocked at the location."));
            } else {
                long current = "on_hand".equals(name) ? level.available + level.committed : level.available;
                if (row.changeFrom() != null && row.changeFrom() != current) {
                    problems.add(new SetResult.Problem(i, "CHANGE_FROM_QUANTITY_STALE",
                            "The specified changeFromQuantity (" + row.changeFrom()
                                    + ") does not match the current quantity."));
                }
            }
        }
        if (!problems.isEmpty()) {
            return new SetResult(problems, List.of(), now);
        }
        List<SetResult.Change> changes = new ArrayList<>();
        for (SetRow row : rows) {
            Level level = levels.get(key(row.inventoryItemId(), row.locationId()));
            long delta = row.quantity() - ("on_hand".equals(name) ? level.available + level.committed : level.available);
            if (delta == 0) {
                continue;
            }
            SimVariant variant = variantsByItem.get(row.inventoryItemId());
            SimLocation location = location(row.locationId()).orElseThrow();
            changeAvailable(variant, location, level, delta, 0, source, now);
            changes.add(new SetResult.Change("available", delta, level.available, variant, location));
            changes.add(new SetResult.Change("on_hand", delta, level.available + level.committed, variant, location));
        }
        return new SetResult(List.of(), changes, now);
    }

    /**
     * Changes {@code name} of every row by its delta, all or nothing as {@link #set}: the rows become
     * absolute values from the current quantities (rows of one item add up), checked and applied
     * under the same lock.
     */
    public synchronized SetResult adjust(String name, List<AdjustRow> rows, String source) {
        Map<String, Long> running = new HashMap<>();
        List<SetRow> absolute = new ArrayList<>(rows.size());
        for (AdjustRow row : rows) {
            String key = key(row.inventoryItemId(), row.locationId());
            Level level = levels.get(key);
            long current = level == null ? 0
                    : running.getOrDefault(key, "on_hand".equals(name) ? level.available + level.committed
                            : level.available);
            running.put(key, current + row.delta());
            absolute.add(new SetRow(row.inventoryItemId(), row.locationId(), current + row.delta(), row.changeFrom()));
        }
        return set(name, absolute, source);
    }

    /** A merchant edit in the store admin: sets {@code available} of every variant with the SKU. */
    public synchronized Optional<InventoryWrite> adminSet(String sku, long available) {
        InventoryWrite last = null;
        for (SimVariant variant : variantsWithSku(sku)) {
            Level level = levels.get(key(variant.inventoryItemId(), primaryLocation().id()));
            long before = level.available;
            changeAvailable(variant, primaryLocation(), level, available - before, 0, InventoryWrite.ADMIN,
                    clock.instant());
            last = new InventoryWrite(sku, variant.inventoryItemId(), primaryLocation().id(), before, available,
                    InventoryWrite.ADMIN, level.updatedAt);
        }
        return Optional.ofNullable(last);
    }

    /**
     * An order was placed: a web order commits units (available → committed), a POS sale is fulfilled at
     * the register, so its units leave on hand. Lines whose SKU the shop does not know change nothing.
     */
    public synchronized void orderPlaced(Map<String, Integer> unitsBySku, boolean pos) {
        unitsBySku.forEach((sku, units) -> firstWithSku(sku).ifPresent(variant -> {
            Level level = levels.get(key(variant.inventoryItemId(), primaryLocation().id()));
            changeAvailable(variant, primaryLocation(), level, -units, pos ? 0 : units, InventoryWrite.ORDER,
                    clock.instant());
        }));
    }

    /** An unfulfilled web order was cancelled with restock: its committed units become available again. */
    public synchronized void orderCancelled(Map<String, Integer> unitsBySku) {
        unitsBySku.forEach((sku, units) -> firstWithSku(sku).ifPresent(variant -> {
            Level level = levels.get(key(variant.inventoryItemId(), primaryLocation().id()));
            long released = Math.min(units, level.committed);
            if (released > 0) {
                changeAvailable(variant, primaryLocation(), level, released, -released, InventoryWrite.ORDER,
                        clock.instant());
            }
        }));
    }

    public synchronized Optional<SimVariant> firstWithSku(String sku) {
        return variantsWithSku(sku).stream().findFirst();
    }

    /** {@code available} at the primary location per SKU (the first variant of a SKU held twice). */
    public synchronized Map<String, Long> availableBySku() {
        Map<String, Long> bySku = new LinkedHashMap<>();
        for (SimVariant variant : variants.values()) {
            Level level = levels.get(key(variant.inventoryItemId(), primaryLocation().id()));
            if (variant.sku() != null && level != null) {
                bySku.putIfAbsent(variant.sku(), level.available);
            }
        }
        return bySku;
    }

    public synchronized List<InventoryWrite> writes() {
        return List.copyOf(writes);
    }

    public synchronized void reset() {
        products.clear();
        variants.clear();
        variantsByItem.clear();
        variantsBySku.clear();
        levels.clear();
        writes.clear();
    }

    private void changeAvailable(SimVariant variant, SimLocation location, Level level, long availableDelta,
                                 long committedDelta, String source, Instant at) {
        long before = level.available;
        level.available += availableDelta;
        level.committed += committedDelta;
        level.updatedAt = at;
        if (availableDelta != 0) {
            writes.add(new InventoryWrite(variant.sku(), variant.inventoryItemId(), location.id(), before,
                    level.available, source, at));
            webhooks.levelUpdated(view(variant, location, level));
        }
    }

    private static LevelView view(SimVariant variant, SimLocation location, Level level) {
        return new LevelView(level.id, variant, location, level.available, level.committed, level.updatedAt);
    }

    private static String key(long itemId, long locationId) {
        return itemId + "@" + locationId;
    }
}

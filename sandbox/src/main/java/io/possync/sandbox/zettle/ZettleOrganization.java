package io.possync.sandbox.zettle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.possync.sandbox.zettle.ZettleApiError.Violation;

/**
 * The state of the simulated organization: product library, inventories and balances, applied
 * movements. All methods are synchronized: a movement request is validated and applied atomically.
 * Balances may go negative (a POS keeps selling what the books say is gone).
 */
class ZettleOrganization {

    static final List<String> INVENTORY_TYPES = List.of("STORE", "SOLD", "SUPPLIER", "BIN");

    record Variant(String uuid, String sku, String name, String barcode) {
    }

    record Product(String uuid, String name, List<Variant> variants, Instant created, Instant updated, String etag) {
    }

    record NewVariant(String sku, String name, String barcode, long balance) {
    }

    record StockRow(String inventoryUuid, String productUuid, String variantUuid, long balance, Instant updated) {
    }

    record MovementInput(String productUuid, String variantUuid, String from, String to, Integer change) {
    }

    record MovementRecord(String identifier, String sku, String productUuid, String variantUuid, String from,
                          String to, int change, Instant at) {
    }

    /** One STORE balance before and after a movement request, for the InventoryBalanceChanged webhook. */
    record BalanceChange(String inventoryUuid, String productUuid, String variantUuid, long before, long after) {
    }

    /**
     * Either violations (nothing applied), or the STORE changes (empty for a repeated identifier) made at
     * {@code at} (null when nothing was applied).
     */
    record MovementOutcome(List<Violation> violations, List<BalanceChange> changes, boolean duplicate, Instant at) {
    }

    private final String organizationUuid;
    private final Clock clock;
    private final Map<String, String> inventoryByType = new LinkedHashMap<>();
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, Variant> variants = new HashMap<>();
    /** One variant per SKU, the first created (Zettle allows a SKU on several variants): sales look up by SKU. */
    private final Map<String, Variant> variantBySku = new HashMap<>();
    private final Map<String, String> productOfVariant = new HashMap<>();
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, Instant> balanceUpdated = new HashMap<>();
    private final Set<String> identifiers = new HashSet<>();
    private final Set<String> untracked = new HashSet<>();
    private final List<MovementRecord> movements = new ArrayList<>();

    ZettleOrganization(String organizationUuid, Clock clock) {
        this.organizationUuid = organizationUuid;
        this.clock = clock;
        reset();
    }

    String uuid() {
        return organizationUuid;
    }

    synchronized void reset() {
        inventoryByType.clear();
        INVENTORY_TYPES.forEach(type -> inventoryByType.put(type, UuidV1.next(clock).toString()));
        products.clear();
        untracked.clear();
        variants.clear();
        variantBySku.clear();
        productOfVariant.clear();
        balances.clear();
        balanceUpdated.clear();
        identifiers.clear();
        movements.clear();
    }

    synchronized Map<String, String> inventories() {
        return Map.copyOf(inventoryByType);
    }

    String inventory(String type) {
        return inventories().get(type);
    }

    /** A product with tracking on and the given STORE balances (as if moved in from SUPPLIER). */
    synchronized Product createProduct(String name, List<NewVariant> newVariants) {
        Instant now = clock.instant();
        String productUuid = UuidV1.next(clock).toString();
        List<Variant> created = new ArrayList<>();
        for (NewVariant v : newVariants) {
            Variant variant = new Variant(UuidV1.next(clock).toString(), v.sku(), v.name(), v.barcode());
            created.add(variant);
            variants.put(variant.uuid(), variant);
            if (v.sku() != null) {
                variantBySku.putIfAbsent(v.sku(), variant);
            }
            productOfVariant.put(variant.uuid(), productUuid);
            String key = key(inventoryByType.get("STORE"), variant.uuid());
            balances.put(key, v.balance());
            balanceUpdated.put(key, now);
        }
        Product product = new Product(productUuid, name, List.copyOf(created), now, now, UuidV1.next(clock).toString());
        products.put(productUuid, product);
        return product;
    }

    /** Deletes a product with its variants and balances; false when there is no such product. */
    synchronized boolean deleteProduct(String productUuid) {
        Product product = products.remove(productUuid);
        if (product == null) {
            return false;
        }
        for (Variant variant : product.variants()) {
            variants.remove(variant.uuid());
            if (variant.sku() != null && variantBySku.remove(variant.sku(), variant)) {
                variants.values().stream().filter(other -> variant.sku().equals(other.sku()))
                        .min(java.util.Comparator.comparing(Variant::uuid))
                        .ifPresent(other -> variantBySku.put(variant.sku(), other));
            }
            productOfVariant.remove(variant.uuid());
            inventoryByType.values().forEach(inventory -> {
                balances.remove(key(inventory, variant.uuid()));
                balanceUpdated.remove(key(inventory, variant.uuid()));
            });
        }
        return true;
    }

    /** Turns stock tracking of a product on or off; false when there is no such product. */
    synchronized boolean track(String productUuid, boolean tracking) {
        if (!products.containsKey(productUuid)) {
            return false;
        }
        if (tracking) {
            untracked.remove(productUuid);
        } else {
            untracked.add(productUuid);
        }
        return true;
    }

    synchronized List<Product> products() {
        return List.copyOf(products.values());
    }

    synchronized String skuOf(String variantUuid) {
        Variant variant = variants.get(variantUuid);
        return variant == null ? null : variant.sku();
    }

    synchronized String productUuidOf(Variant variant) {
        return productOfVariant.get(variant.uuid());
    }

    synchronized Optional<Variant> variantBySku(String sku) {
        return Optional.ofNullable(variantBySku.get(sku));
    }

    /** Tracked balances of one inventory (STORE when null), optionally of one product, in creation order. */
    synchronized List<StockRow> stock(String inventoryUuid, String productUuid) {
        String inventory = inventoryUuid == null ? inventoryByType.get("STORE") : inventoryUuid;
        List<StockRow> rows = new ArrayList<>();
        for (Product product : products.values()) {
            // untracked products are left out of stock listings (reference §3)
            if (productUuid != null && !productUuid.equals(product.uuid()) || untracked.contains(product.uuid())) {
                continue;
            }
            for (Variant variant : product.variants()) {
                String key = key(inventory, variant.uuid());
                rows.add(new StockRow(inventory, product.uuid(), variant.uuid(), balances.getOrDefault(key, 0L),
                        balanceUpdated.getOrDefault(key, product.created())));
            }
        }
        return rows;
    }

    /** STORE balance per SKU. */
    synchronized Map<String, Long> storeBalancesBySku() {
        Map<String, Long> bySku = new LinkedHashMap<>();
        String store = inventoryByType.get("STORE");
        for (Product product : products.values()) {
            for (Variant variant : product.variants()) {
                if (variant.sku() != null) {
                    bySku.put(variant.sku(), balances.getOrDefault(key(store, variant.uuid()), 0L));
                }
            }
        }
        return bySku;
    }

    synchronized List<MovementRecord> movements() {
        return List.copyOf(movements);
    }

    synchronized MovementOutcome move(List<MovementInput> requested, String identifier) {
        List<Violation> violations = MovementRules.validate(requested, identifier, inventoryByType.values(),
                variants.keySet(), productOfVariant, untracked);
        if (!violations.isEmpty()) {
            return new MovementOutcome(violations, List.of(), false, null);
        }
        // Zettle documents no dedupe semantics for v3 identifiers (UNCONFIRMED); the simulator applies a
        // repeated identifier's request once and answers success again without changing anything.
        if (!identifiers.add(identifier)) {
            return new MovementOutcome(List.of(), List.of(), true, null);
        }
        Instant now = clock.instant();
        Map<String, BalanceChange> changes = new LinkedHashMap<>();
        String store = inventoryByType.get("STORE");
        String supplier = inventoryByType.get("SUPPLIER");
        for (MovementInput m : requested) {
            adjust(m.from(), m.productUuid(), m.variantUuid(), -m.change(), supplier, store, changes, now);
            adjust(m.to(), m.productUuid(), m.variantUuid(), m.change(), supplier, store, changes, now);
            movements.add(new MovementRecord(identifier, variants.get(m.variantUuid()).sku(), m.productUuid(),
                    m.variantUuid(), typeOf(m.from()), typeOf(m.to()), m.change(), now));
        }
        return new MovementOutcome(List.of(), List.copyOf(changes.values()), false, now);
    }

    private void adjust(String inventory, String productUuid, String variantUuid, long delta, String supplier,
                        String store, Map<String, BalanceChange> changes, Instant now) {
        if (inventory.equals(supplier)) {
            return;
        }
        String key = key(inventory, variantUuid);
        long before = balances.getOrDefault(key, 0L);
        long after = before + delta;
        balances.put(key, after);
        balanceUpdated.put(key, now);
        if (inventory.equals(store)) {
            changes.merge(key, new BalanceChange(inventory, productUuid, variantUuid, before, after),
                    (first, next) -> new BalanceChange(inventory, productUuid, variantUuid, first.before(), next.after()));
        }
    }

    private String typeOf(String inventoryUuid) {
        return inventoryByType.entrySet().stream().filter(e -> e.getValue().equals(inventoryUuid))
                .map(Map.Entry::getKey).findFirst().orElse(inventoryUuid);
    }

    private static String key(String inventoryUuid, String variantUuid) {
        return inventoryUuid + "/" + variantUuid;
    }
}

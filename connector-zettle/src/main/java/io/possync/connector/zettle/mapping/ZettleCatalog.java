package io.possync.connector.zettle.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.connector.zettle.client.ZettleProduct;
import io.possync.connector.zettle.client.ZettleSession;

/**
 * Finds where a SKU lives in a Zettle organization, which SKU a variant carries, and which
 * inventories to move between. Lookups go to the mappings first; on a miss the product library is
 * read once and every SKU in it is remembered. A SKU that is still unknown, or that several variants
 * share, is never guessed.
 */
public class ZettleCatalog {

    private static final Logger log = LoggerFactory.getLogger(ZettleCatalog.class);

    /**
     * The outcome of a lookup: a variant, or the reason there is none.
     *
     * @param remembered true when the variant came from the stored mappings rather than a fresh read
     *                   of the library, so it may be stale
     */
    public record Lookup(ZettleVariantRef variant, String problem, boolean remembered) {
    }

    /** One read of the library: unique SKUs and the SKUs several variants share. */
    private record Library(Map<String, ZettleVariantRef> bySku, Set<String> ambiguous) {
    }

    private final MongoSkuMappings mappings;
    private final Clock clock;
    private final Duration libraryRefreshInterval;
    private final Map<String, ZettleInventories> inventories = new ConcurrentHashMap<>();
    private final Map<String, Instant> libraryReadAt = new ConcurrentHashMap<>();
    private final Map<String, Set<ZettleVariantRef>> unmapped = new ConcurrentHashMap<>();

    /**
     * @param libraryRefreshInterval least time between two library reads that a variant unknown to the
     *                               mappings may cause per connection: a POS selling products without
     *                               SKU must not turn every sale into a read of the whole library
     */
    public ZettleCatalog(MongoSkuMappings mappings, Clock clock, Duration libraryRefreshInterval) {
        this.mappings = mappings;
        this.clock = clock;
        this.libraryRefreshInterval = libraryRefreshInterval;
    }

    public Lookup variantFor(ZettleSession session, String sku) {
        String connectionId = session.connection().id();
        Optional<ZettleVariantRef> known = mappings.find(connectionId, sku);
        if (known.isPresent()) {
            return new Lookup(known.get(), null, true);
        }
        Library library = readLibrary(session, false);
        if (library.ambiguous().contains(sku)) {
            return new Lookup(null, "SKU " + sku + " is used by several variants in Zettle; make it unique", false);
        }
        ZettleVariantRef found = library.bySku().get(sku);
        return found != null ? new Lookup(found, null, false)
                : new Lookup(null, "unknown SKU " + sku + " in Zettle", false);
    }

    /**
     * The SKU of a variant, or empty when Zettle gives it none that is unique. An unknown variant reads
     * the library again, at most once per refresh interval per connection.
     */
    public Optional<String> skuOf(ZettleSession session, ZettleVariantRef variant) {
        String connectionId = session.connection().id();
        if (unmapped.getOrDefault(connectionId, Set.of()).contains(variant)) {
            return Optional.empty();
        }
        Optional<String> known = mappings.skuOf(connectionId, variant);
        if (known.isPresent() || !mayReadLibrary(connectionId)) {
            return known;
        }
        return Optional.ofNullable(skuIn(readLibrary(session, true), variant));
    }

    /**
     * The SKUs of many variants at once (a poll): one query of the mappings, and one read of the library
     * when some variant is unknown to them and the refresh interval allows it. Unmappable variants are
     * left out.
     */
    public Map<ZettleVariantRef, String> skusOf(ZettleSession session, Collection<ZettleVariantRef> variants) {
        String connectionId = session.connection().id();
        Map<ZettleVariantRef, String> known = mappings.skusByVariant(connectionId);
        Set<ZettleVariantRef> unmappable = unmapped.getOrDefault(connectionId, Set.of());
        boolean missing = variants.stream().anyMatch(v -> !known.containsKey(v) && !unmappable.contains(v));
        if (!missing || !mayReadLibrary(connectionId)) {
            return known;
        }
        Library library = readLibrary(session, true);
        Map<ZettleVariantRef, String> fresh = new HashMap<>();
        library.bySku().forEach((sku, ref) -> fresh.put(ref, sku));
        return fresh;
    }

    /** STORE and SOLD inventory uuids, read once per connection (they do not change). */
    public ZettleInventories inventoriesFor(ZettleSession session) {
        // get-then-put, not computeIfAbsent: no map lock may be held across an HTTP call
        String connectionId = session.connection().id();
        ZettleInventories known = inventories.get(connectionId);
        if (known != null) {
            return known;
        }
        ZettleInventories read = ZettleInventories.from(session.inventories());
        inventories.put(connectionId, read);
        return read;
    }

    public void forget(String connectionId, String sku) {
        mappings.forget(connectionId, sku);
    }

    private boolean mayReadLibrary(String connectionId) {
        Instant last = libraryReadAt.get(connectionId);
        return last == null || !clock.instant().isBefore(last.plus(libraryRefreshInterval));
    }

    /**
     * @param prune also drop stored SKUs the library no longer has once: needed before a variant's SKU
     *              is looked up in reverse (a variant renamed from one SKU to another must not keep both);
     *              the command path keeps its stale mappings until Zettle refuses them, as it always has
     */
    private Library readLibrary(ZettleSession session, boolean prune) {
        String connectionId = session.connection().id();
        libraryReadAt.put(connectionId, clock.instant());
        Map<String, ZettleVariantRef> bySku = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        Set<ZettleVariantRef> withoutSku = new HashSet<>();
        Map<String, Set<ZettleVariantRef>> variantsBySku = new HashMap<>();
        for (ZettleProduct product : session.products()) {
            for (ZettleProduct.ZettleVariant variant : product.variants()) {
                ZettleVariantRef ref = new ZettleVariantRef(product.uuid(), variant.uuid());
                if (variant.sku() == null || variant.sku().isBlank()) {
                    withoutSku.add(ref);
                    continue;
                }
                variantsBySku.computeIfAbsent(variant.sku(), sku -> new HashSet<>()).add(ref);
                if (bySku.putIfAbsent(variant.sku(), ref) != null) {
                    ambiguous.add(variant.sku());
                }
            }
        }
        ambiguous.forEach(bySku::remove);
        Set<ZettleVariantRef> unmappable = new HashSet<>(withoutSku);
        ambiguous.forEach(sku -> unmappable.addAll(variantsBySku.get(sku)));
        mappings.saveAll(connectionId, bySku);
        if (prune) {
            mappings.retainOnly(connectionId, bySku.keySet());
        }
        unmapped.put(connectionId, Set.copyOf(unmappable));
        log.info("read the Zettle library of connection {}: {} SKUs, {} ambiguous, {} variants without SKU",
                connectionId, bySku.size(), ambiguous.size(), withoutSku.size());
        return new Library(bySku, ambiguous);
    }

    private static String skuIn(Library library, ZettleVariantRef variant) {
        for (Map.Entry<String, ZettleVariantRef> entry : library.bySku().entrySet()) {
            if (entry.getValue().equals(variant)) {
                return entry.getKey();
            }
        }
        return null;
    }
}

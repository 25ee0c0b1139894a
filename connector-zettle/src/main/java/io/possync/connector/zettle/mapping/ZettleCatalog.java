package io.possync.connector.zettle.mapping;

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
 * Finds where a SKU lives in a Zettle organization and which inventories to move between. A SKU
 * is looked up in the mappings first; on a miss the product library is read once and every SKU in
 * it is remembered. A SKU that is still unknown, or that several variants share, is never guessed.
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

    private final MongoSkuMappings mappings;
    private final Map<String, ZettleInventories> inventories = new ConcurrentHashMap<>();

    public ZettleCatalog(MongoSkuMappings mappings) {
        this.mappings = mappings;
    }

    public Lookup variantFor(ZettleSession session, String sku) {
        String connectionId = session.connection().id();
        Optional<ZettleVariantRef> known = mappings.find(connectionId, sku);
        if (known.isPresent()) {
            return new Lookup(known.get(), null, true);
        }
        Map<String, ZettleVariantRef> bySku = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (ZettleProduct product : session.products()) {
            for (ZettleProduct.ZettleVariant variant : product.variants()) {
                if (variant.sku() == null || variant.sku().isBlank()) {
                    continue;
                }
                if (bySku.putIfAbsent(variant.sku(), new ZettleVariantRef(product.uuid(), variant.uuid())) != null) {
                    ambiguous.add(variant.sku());
                }
            }
        }
        ambiguous.forEach(bySku::remove);
        mappings.saveAll(connectionId, bySku);
        log.info("read the Zettle library of connection {}: {} SKUs, {} ambiguous", connectionId, bySku.size(),
                ambiguous.size());
        if (ambiguous.contains(sku)) {
            return new Lookup(null, "SKU " + sku + " is used by several variants in Zettle; make it unique", false);
        }
        ZettleVariantRef found = bySku.get(sku);
        return found != null ? new Lookup(found, null, false)
                : new Lookup(null, "unknown SKU " + sku + " in Zettle", false);
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
}

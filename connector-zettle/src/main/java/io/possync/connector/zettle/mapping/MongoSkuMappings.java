package io.possync.connector.zettle.mapping;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.nin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SKU ⇄ Zettle product/variant per connection, in the shared {@code mappings} collection
 * ({@code _id = connectionId|sku}) with memory caches in front, both ways. Writes {@code $set} only the
 * Zettle fields, so whatever else the engine keeps on the same document survives. Blocking: listener
 * and poller threads only.
 */
public class MongoSkuMappings {

    public static final String COLLECTION = "mappings";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final Map<String, ZettleVariantRef> cache = new ConcurrentHashMap<>();
    private final Map<String, String> skuByVariant = new ConcurrentHashMap<>();
    private final AtomicBoolean indexed = new AtomicBoolean();

    public MongoSkuMappings(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Optional<ZettleVariantRef> find(String connectionId, String sku) {
        ZettleVariantRef cached = cache.get(id(connectionId, sku));
        if (cached != null) {
            return Optional.of(cached);
        }
        Document doc = Mono.from(collection.find(eq("_id", id(connectionId, sku))).first()).block(TIMEOUT);
        ZettleVariantRef ref = doc == null ? null : variantOf(doc);
        if (ref == null) {
            return Optional.empty();
        }
        remember(connectionId, sku, ref);
        return Optional.of(ref);
    }

    /** The SKU mapped to a variant; empty when none is, or when several are (never guessed). */
    public Optional<String> skuOf(String connectionId, ZettleVariantRef variant) {
        String cached = skuByVariant.get(variantKey(connectionId, variant));
        if (cached != null) {
            return Optional.of(cached);
        }
        ensureIndex();
        List<Document> docs = Flux.from(collection.find(and(eq("connectionId", connectionId),
                eq("variantUuid", variant.variantUuid()), eq("productUuid", variant.productUuid()))).limit(2))
                .collectList().block(TIMEOUT);
        if (docs == null || docs.size() != 1 || docs.get(0).getString("sku") == null) {
            return Optional.empty();
        }
        String sku = docs.get(0).getString("sku");
        remember(connectionId, sku, variant);
        return Optional.of(sku);
    }

    /** Every variant of one connection mapped to exactly one SKU, in one query (a poll maps a whole stock list). */
    public Map<ZettleVariantRef, String> skusByVariant(String connectionId) {
        ensureIndex();
        List<Document> docs = Flux.from(collection.find(and(eq("connectionId", connectionId),
                exists("variantUuid"), exists("productUuid")))).collectList().block(TIMEOUT);
        Map<ZettleVariantRef, String> bySku = new HashMap<>();
        Set<ZettleVariantRef> shared = new HashSet<>();
        for (Document doc : docs == null ? List.<Document>of() : docs) {
            ZettleVariantRef ref = variantOf(doc);
            String sku = doc.getString("sku");
            if (ref != null && sku != null && bySku.putIfAbsent(ref, sku) != null) {
                shared.add(ref);
            }
        }
        shared.forEach(bySku::remove);
        bySku.forEach((ref, sku) -> remember(connectionId, sku, ref));
        return bySku;
    }

    public void saveAll(String connectionId, Map<String, ZettleVariantRef> bySku) {
        if (bySku.isEmpty()) {
            return;
        }
        Date now = Date.from(clock.instant());
        List<UpdateOneModel<Document>> writes = new ArrayList<>(bySku.size());
        bySku.forEach((sku, ref) -> writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, sku)), Updates.combine(
                Updates.set("connectionId", connectionId), Updates.set("system", "zettle"), Updates.set("sku", sku),
                Updates.set("productUuid", ref.productUuid()), Updates.set("variantUuid", ref.variantUuid()),
                Updates.set("updatedAt", now)), new UpdateOptions().upsert(true))));
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
        bySku.forEach((sku, ref) -> remember(connectionId, sku, ref));
    }

    /**
     * After a full read of the library: SKUs of this connection that Zettle no longer has (or no longer
     * has once) lose their variant, so a variant renamed from one SKU to another is never mapped to both.
     */
    public void retainOnly(String connectionId, Set<String> skus) {
        Mono.from(collection.updateMany(and(eq("connectionId", connectionId), eq("system", "zettle"),
                        exists("variantUuid"), nin("sku", skus)),
                Updates.combine(Updates.unset("productUuid"), Updates.unset("variantUuid")))).block(TIMEOUT);
        cache.keySet().removeIf(id -> id.startsWith(connectionId + "|")
                && !skus.contains(id.substring(connectionId.length() + 1)));
        skuByVariant.entrySet().removeIf(e -> e.getKey().startsWith(connectionId + "|") && !skus.contains(e.getValue()));
    }

    /** Forgets a mapping Zettle no longer accepts (product deleted or recreated), so the next use re-reads the library. */
    public void forget(String connectionId, String sku) {
        String id = id(connectionId, sku);
        ZettleVariantRef old = cache.remove(id);
        if (old != null) {
            skuByVariant.remove(variantKey(connectionId, old), sku);
        }
        Mono.from(collection.updateOne(eq("_id", id),
                Updates.combine(Updates.unset("productUuid"), Updates.unset("variantUuid")))).block(TIMEOUT);
    }

    private void remember(String connectionId, String sku, ZettleVariantRef ref) {
        ZettleVariantRef old = cache.put(id(connectionId, sku), ref);
        if (old != null && !old.equals(ref)) {
            skuByVariant.remove(variantKey(connectionId, old), sku);
        }
        skuByVariant.put(variantKey(connectionId, ref), sku);
    }

    private void ensureIndex() {
        if (indexed.compareAndSet(false, true)) {
            Mono.from(collection.createIndex(Indexes.ascending("connectionId", "variantUuid"))).block(TIMEOUT);
        }
    }

    private static ZettleVariantRef variantOf(Document doc) {
        String product = doc.getString("productUuid");
        String variant = doc.getString("variantUuid");
        return product == null || variant == null ? null : new ZettleVariantRef(product, variant);
    }

    private static String id(String connectionId, String sku) {
        return connectionId + "|" + sku;
    }

    private static String variantKey(String connectionId, ZettleVariantRef ref) {
        return connectionId + "|" + ref.productUuid() + "|" + ref.variantUuid();
    }
}

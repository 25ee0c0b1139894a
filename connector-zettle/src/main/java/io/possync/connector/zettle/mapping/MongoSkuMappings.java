package io.possync.connector.zettle.mapping;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * SKU → Zettle product/variant per connection, in the shared {@code mappings} collection
 * ({@code _id = connectionId|sku}) with a memory cache in front. Writes {@code $set} only the Zettle
 * fields, so whatever else the engine keeps on the same document survives. Blocking: listener threads only.
 */
public class MongoSkuMappings {

    public static final String COLLECTION = "mappings";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final Map<String, ZettleVariantRef> cache = new ConcurrentHashMap<>();

    public MongoSkuMappings(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Optional<ZettleVariantRef> find(String connectionId, String sku) {
        String id = id(connectionId, sku);
        ZettleVariantRef cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Document doc = Mono.from(collection.find(eq("_id", id)).first()).block(TIMEOUT);
        if (doc == null || doc.getString("productUuid") == null || doc.getString("variantUuid") == null) {
            return Optional.empty();
        }
        ZettleVariantRef ref = new ZettleVariantRef(doc.getString("productUuid"), doc.getString("variantUuid"));
        cache.put(id, ref);
        return Optional.of(ref);
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
        bySku.forEach((sku, ref) -> cache.put(id(connectionId, sku), ref));
    }

    /** Forgets a mapping Zettle no longer accepts (product deleted or recreated), so the next use re-reads the library. */
    public void forget(String connectionId, String sku) {
        String id = id(connectionId, sku);
        cache.remove(id);
        Mono.from(collection.updateOne(eq("_id", id),
                Updates.combine(Updates.unset("productUuid"), Updates.unset("variantUuid")))).block(TIMEOUT);
    }

    private static String id(String connectionId, String sku) {
        return connectionId + "|" + sku;
    }
}

package io.possync.connector.woocommerce.mapping;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SKU → WooCommerce product/variation per connection, in the shared {@code mappings} collection
 * ({@code _id = connectionId|sku}), with a memory cache in front. Writes {@code $set} only the
 * WooCommerce fields, so what else the engine keeps on the document survives. Blocking: listener
 * threads only.
 */
public class MongoSkuMappings {

    public static final String COLLECTION = "mappings";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final Map<String, WooProductRef> cache = new ConcurrentHashMap<>();

    public MongoSkuMappings(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** The known refs of these SKUs, one Mongo round trip for all that are not cached. */
    public Map<String, WooProductRef> findAll(String connectionId, Collection<String> skus) {
        Map<String, WooProductRef> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sku : skus) {
            WooProductRef cached = cache.get(id(connectionId, sku));
            if (cached != null) {
                found.put(sku, cached);
            } else {
                missing.add(id(connectionId, sku));
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<Document> docs = Flux.from(collection.find(in("_id", missing))).collectList().block(TIMEOUT);
        for (Document doc : docs == null ? List.<Document>of() : docs) {
            Number productId = doc.get("wooProductId", Number.class);
            if (productId == null) {
                continue;
            }
            Number variationId = doc.get("wooVariationId", Number.class);
            WooProductRef ref = new WooProductRef(productId.longValue(),
                    variationId == null ? null : variationId.longValue());
            String sku = doc.getString("sku");
            cache.put(id(connectionId, sku), ref);
            found.put(sku, ref);
        }
        return found;
    }

    public void saveAll(String connectionId, Map<String, WooProductRef> bySku) {
        if (bySku.isEmpty()) {
            return;
        }
        Date now = Date.from(clock.instant());
        List<UpdateOneModel<Document>> writes = new ArrayList<>(bySku.size());
        bySku.forEach((sku, ref) -> writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, sku)), Updates.combine(
                Updates.set("connectionId", connectionId), Updates.set("system", "woocommerce"),
                Updates.set("sku", sku), Updates.set("wooProductId", ref.productId()),
                Updates.set("wooVariationId", ref.variationId()), Updates.set("updatedAt", now)),
                new UpdateOptions().upsert(true))));
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
        bySku.forEach((sku, ref) -> cache.put(id(connectionId, sku), ref));
    }

    /** Forgets a mapping the store refused (product deleted or recreated), so the next command looks it up again. */
    public void forget(String connectionId, String sku) {
        String id = id(connectionId, sku);
        cache.remove(id);
        Mono.from(collection.updateOne(eq("_id", id),
                Updates.combine(Updates.unset("wooProductId"), Updates.unset("wooVariationId")))).block(TIMEOUT);
    }

    private static String id(String connectionId, String sku) {
        return connectionId + "|" + sku;
    }
}

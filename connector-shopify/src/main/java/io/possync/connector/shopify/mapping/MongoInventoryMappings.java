package io.possync.connector.shopify.mapping;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.connector.shopify.client.VariantHit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SKU ↔ Shopify variant and inventory item per connection, plus the levels we last saw and wrote, in
 * the shared {@code mappings} collection ({@code _id = connectionId|sku}). Only Shopify's fields are
 * {@code $set}, so whatever else lives on a document survives. Webhooks name the inventory item, not
 * the SKU, hence the index on {@code (connectionId, inventoryItemId)}. Blocking: listener threads only.
 */
public class MongoInventoryMappings {

    public static final String COLLECTION = "mappings";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Writes remembered per SKU for echo recognition; more than a burst puts into one second. */
    static final int RECENT_WRITES = 20;

    /**
     * A level Shopify applied for us.
     *
     * @param recentWrites the SKU's recent writes including this one, newest last
     */
    public record Written(String sku, long level, String locationId, Instant at, String commandId,
                          List<InventoryMapping.Write> recentWrites) {
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final AtomicBoolean indexed = new AtomicBoolean();
    /** connectionId|inventoryItemId → SKU, a hint checked against the document on every use. */
    private final Map<String, String> skuByItem = new ConcurrentHashMap<>();

    public MongoInventoryMappings(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** One query for a batch; SKUs never seen are absent. */
    public Map<String, InventoryMapping> findBySkus(String connectionId, Collection<String> skus) {
        Map<String, InventoryMapping> found = new HashMap<>();
        if (skus.isEmpty()) {
            return found;
        }
        List<String> ids = skus.stream().map(sku -> id(connectionId, sku)).toList();
        Flux.from(collection.find(in("_id", ids))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> found.put(doc.getString("sku"), fromDocument(doc)));
        return found;
    }

    /** Every SKU of the connection whose inventory item is known (the reconciliation poll's list), one query. */
    public List<InventoryMapping> findResolved(String connectionId) {
        ensureIndex();
        return Flux.from(collection.find(and(eq("connectionId", connectionId), exists("inventoryItemId", true))))
                .map(MongoInventoryMappings::fromDocument).collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    /**
     * The mapping of an inventory item, by {@code _id} once this instance has seen which SKU the item
     * belongs to (a store's item ids hardly ever move between SKUs, and a moved one is caught by the
     * check below); only the first lookup of an item is a query on the secondary fields.
     */
    public Optional<InventoryMapping> findByInventoryItem(String connectionId, String inventoryItemId) {
        String itemKey = connectionId + "|" + inventoryItemId;
        String sku = skuByItem.get(itemKey);
        if (sku != null) {
            Document doc = Mono.from(collection.find(eq("_id", id(connectionId, sku))).first()).block(TIMEOUT);
            if (doc != null && inventoryItemId.equals(doc.getString("inventoryItemId"))) {
                return Optional.of(fromDocument(doc));
            }
            skuByItem.remove(itemKey, sku);
        }
        ensureIndex();
        Document doc = Mono.from(collection.find(and(eq("connectionId", connectionId),
                eq("inventoryItemId", inventoryItemId))).first()).block(TIMEOUT);
        Optional<InventoryMapping> found = Optional.ofNullable(doc).map(MongoInventoryMappings::fromDocument);
        found.ifPresent(mapping -> skuByItem.put(itemKey, mapping.sku()));
        return found;
    }

    public void saveRefs(String connectionId, Collection<VariantHit> hits) {
        if (hits.isEmpty()) {
            return;
        }
        ensureIndex();
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> writes = new ArrayList<>(hits.size());
        for (VariantHit hit : hits) {
            writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, hit.sku())), Updates.combine(
                    Updates.set("connectionId", connectionId), Updates.set("system", "shopify"),
                    Updates.set("sku", hit.sku()), Updates.set("inventoryItemId", hit.inventoryItemId()),
                    Updates.set("variantId", hit.variantId()), Updates.set("updatedAt", now)),
                    new UpdateOptions().upsert(true)));
        }
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
    }

    /** Forgets the ids of a SKU Shopify no longer accepts (variant deleted), so the next write searches again. */
    public void forget(String connectionId, String sku) {
        Mono.from(collection.updateOne(eq("_id", id(connectionId, sku)), Updates.combine(
                Updates.unset("inventoryItemId"), Updates.unset("variantId"), Updates.unset("knownLevel")))).block(TIMEOUT);
    }

    /** Levels read from Shopify: the compare-and-set values of the next write. */
    public void recordRead(String connectionId, Map<String, Long> levelBySku, String locationId) {
        if (levelBySku.isEmpty()) {
            return;
        }
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> writes = new ArrayList<>(levelBySku.size());
        levelBySku.forEach((sku, level) -> writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, sku)),
                Updates.combine(Updates.set("knownLevel", level), Updates.set("knownLocationId", locationId),
                        Updates.set("knownAt", now)))));
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
    }

    public void recordWritten(String connectionId, Collection<Written> written) {
        if (written.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(written.size());
        for (Written w : written) {
            Date at = Date.from(w.at());
            writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, w.sku())), Updates.combine(
                    Updates.set("knownLevel", w.level()), Updates.set("knownLocationId", w.locationId()),
                    Updates.set("knownAt", at), Updates.set("lastWrittenLevel", w.level()),
                    Updates.set("lastWrittenAt", at), Updates.set("lastCommandId", w.commandId()),
                    Updates.set("recentWrites", documents(w.recentWrites())))));
        }
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
    }

    /**
     * Levels about to be written, announced before the call: Shopify may deliver the echo of a write
     * before we have recorded its outcome. One consumer owns a connection's commands, so the writer
     * carries each SKU's list in memory and sets it whole.
     */
    public void recordPending(String connectionId, Map<String, List<InventoryMapping.Write>> recentBySku) {
        if (recentBySku.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(recentBySku.size());
        recentBySku.forEach((sku, recent) -> writes.add(new UpdateOneModel<>(eq("_id", id(connectionId, sku)),
                Updates.set("recentWrites", documents(recent)))));
        Mono.from(collection.bulkWrite(writes)).block(TIMEOUT);
    }

    /**
     * A level seen in a webhook; kept as the next compare-and-set value unless something newer is known
     * (deliveries arrive in any order).
     */
    public void recordObserved(String connectionId, String sku, long level, String locationId, Instant at) {
        Date when = Date.from(at);
        Mono.from(collection.updateOne(and(eq("_id", id(connectionId, sku)),
                        or(exists("knownAt", false), lte("knownAt", when))),
                Updates.combine(Updates.set("knownLevel", level), Updates.set("knownLocationId", locationId),
                        Updates.set("knownAt", when)))).block(TIMEOUT);
    }

    private static List<Document> documents(List<InventoryMapping.Write> recent) {
        return recent.subList(Math.max(0, recent.size() - RECENT_WRITES), recent.size()).stream()
                .map(r -> new Document("level", r.level()).append("at", Date.from(r.at()))).toList();
    }

    private void ensureIndex() {
        if (indexed.compareAndSet(false, true)) {
            Mono.from(collection.createIndex(Indexes.ascending("connectionId", "inventoryItemId"))).block(TIMEOUT);
        }
    }

    private static InventoryMapping fromDocument(Document doc) {
        return new InventoryMapping(doc.getString("connectionId"), doc.getString("sku"),
                doc.getString("inventoryItemId"), doc.getString("variantId"), number(doc, "knownLevel"),
                doc.getString("knownLocationId"), instant(doc, "knownAt"), number(doc, "lastWrittenLevel"),
                instant(doc, "lastWrittenAt"), doc.getString("lastCommandId"), recentWrites(doc));
    }

    private static List<InventoryMapping.Write> recentWrites(Document doc) {
        List<InventoryMapping.Write> writes = new ArrayList<>();
        for (Document write : doc.getList("recentWrites", Document.class, List.of())) {
            Long level = number(write, "level");
            Instant at = instant(write, "at");
            if (level != null && at != null) {
                writes.add(new InventoryMapping.Write(level, at));
            }
        }
        return writes;
    }

    private static Long number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.longValue() : null;
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    static String id(String connectionId, String sku) {
        return connectionId + "|" + sku;
    }
}

package io.possync.connector.shopify.mapping;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
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
 * Outcomes of writes may be held in memory for up to {@code storeDelay} and ride along with the
 * connection's next write (see {@link #recordWritten(String, Collection, boolean)}); reads of this
 * instance see them at once.
 */
public class MongoInventoryMappings implements AutoCloseable {

    public static final String COLLECTION = "mappings";
    /** Announced writes, one document per connection and second ({@link #recordPending}). */
    public static final String ANNOUNCEMENTS = "shopify_announced_writes";
    /** Seconds of announcements kept per connection: ten minutes. */
    static final int ANNOUNCEMENT_SLOTS = 600;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Writes remembered per SKU for echo recognition; more than a burst puts into one second. */
    static final int RECENT_WRITES = 20;
    /**
     * How far before a stored outcome its SKU's recent writes are kept. The echo of an older write is
     * older than the last write's second and dropped as stale without them ({@link ShopifyStockNormalizer#judge});
     * an echo within that second matches a write within {@link ShopifyStockNormalizer#RECENT_TOLERANCE} of it.
     * The rest of the span is margin for the offset between our clock (announcements) and Shopify's.
     */
    static final Duration RECENT_SPAN = Duration.ofSeconds(5);

    /**
     * A level Shopify applied for us.
     *
     * @param recentWrites the SKU's recent writes including this one, newest last
     */
    public record Written(String sku, long level, String locationId, Instant at, String commandId,
                          List<InventoryMapping.Write> recentWrites) {
    }

    /** A level seen in a webhook or read by the reconciliation poll, at Shopify's time {@code at}. */
    public record Observed(String connectionId, String sku, long level, String locationId, Instant at) {
    }

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> announcements;
    private final Clock clock;
    private final UnsavedWrites unsaved;
    private final AtomicBoolean indexed = new AtomicBoolean();
    /** connectionId|inventoryItemId → SKU, a hint checked against the document on every use. */
    private final Map<String, String> skuByItem = new ConcurrentHashMap<>();

    /** Stores every outcome at once. */
    public MongoInventoryMappings(MongoDatabase database, Clock clock) {
        this(database, clock, Duration.ZERO);
    }

    /** Holds outcomes of quick writes up to {@code storeDelay} for the connection's next write. */
    public MongoInventoryMappings(MongoDatabase database, Clock clock, Duration storeDelay) {
        this.collection = database.getCollection(COLLECTION);
        this.announcements = database.getCollection(ANNOUNCEMENTS);
        this.clock = clock;
        this.unsaved = new UnsavedWrites(clock, storeDelay, MongoInventoryMappings::writtenModel,
                writes -> Mono.from(collection.bulkWrite(writes)).block(TIMEOUT));
    }

    /** One query for a batch; SKUs never seen are absent. */
    public Map<String, InventoryMapping> findBySkus(String connectionId, Collection<String> skus) {
        Map<String, InventoryMapping> found = new HashMap<>();
        if (skus.isEmpty()) {
            return found;
        }
        Map<String, Written> held = unsaved.snapshot(connectionId, skus);
        List<String> ids = skus.stream().map(sku -> id(connectionId, sku)).toList();
        Flux.from(collection.find(in("_id", ids))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> found.put(doc.getString("sku"),
                        UnsavedWrites.overlay(fromDocument(doc), held.get(doc.getString("sku")))));
        return found;
    }

    /** Every SKU of the connection whose inventory item is known (the reconciliation poll's list), one query. */
    public List<InventoryMapping> findResolved(String connectionId) {
        ensureIndex();
        Map<String, Written> held = unsaved.snapshot(connectionId, null);
        return Flux.from(collection.find(and(eq("connectionId", connectionId), exists("inventoryItemId", true))))
                .map(doc -> UnsavedWrites.overlay(fromDocument(doc), held.get(doc.getString("sku"))))
                .collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    public Optional<InventoryMapping> findByInventoryItem(String connectionId, String inventoryItemId) {
        return Optional.ofNullable(findByInventoryItems(connectionId, List.of(inventoryItemId)).get(inventoryItemId));
    }

    /**
     * The mappings of inventory items, by item id: one {@code $in} on {@code _id} for the items this
     * instance has seen before (a store's item ids hardly ever move between SKUs, and a moved one is
     * caught by the check below); only items seen for the first time cost a query on the secondary
     * fields, one for all of them.
     */
    public Map<String, InventoryMapping> findByInventoryItems(String connectionId, Collection<String> inventoryItemIds) {
        Map<String, Document> byItem = new HashMap<>();
        Map<String, String> hinted = new HashMap<>();
        for (String item : inventoryItemIds) {
            String sku = skuByItem.get(connectionId + "|" + item);
            if (sku != null) {
                hinted.put(id(connectionId, sku), item);
            }
        }
        if (!hinted.isEmpty()) {
            for (Document doc : Flux.from(collection.find(in("_id", hinted.keySet()))).collectList()
                    .blockOptional(TIMEOUT).orElse(List.of())) {
                String item = hinted.get(doc.getString("_id"));
                if (item != null && item.equals(doc.getString("inventoryItemId"))) {
                    byItem.put(item, doc);
                }
            }
            hinted.forEach((docId, item) -> {
                if (!byItem.containsKey(item)) {
                    skuByItem.remove(connectionId + "|" + item, docId.substring(connectionId.length() + 1));
                }
            });
        }
        List<String> unseen = inventoryItemIds.stream().filter(item -> !byItem.containsKey(item)).distinct().toList();
        if (!unseen.isEmpty()) {
            ensureIndex();
            for (Document doc : Flux.from(collection.find(and(eq("connectionId", connectionId),
                    in("inventoryItemId", unseen)))).collectList().blockOptional(TIMEOUT).orElse(List.of())) {
                byItem.putIfAbsent(doc.getString("inventoryItemId"), doc);
                skuByItem.put(connectionId + "|" + doc.getString("inventoryItemId"), doc.getString("sku"));
            }
        }
        Map<String, Written> held = unsaved.snapshot(connectionId,
                byItem.values().stream().map(doc -> doc.getString("sku")).toList());
        Map<String, InventoryMapping> found = new HashMap<>();
        byItem.forEach((item, doc) -> found.put(item,
                UnsavedWrites.overlay(fromDocument(doc), held.get(doc.getString("sku")))));
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
        store(connectionId, writes);
    }

    /** Forgets the ids of a SKU Shopify no longer accepts (variant deleted), so the next write searches again. */
    public void forget(String connectionId, String sku) {
        store(connectionId, List.of(new UpdateOneModel<>(eq("_id", id(connectionId, sku)), Updates.combine(
                Updates.unset("inventoryItemId"), Updates.unset("variantId"), Updates.unset("knownLevel")))));
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
        store(connectionId, writes);
    }

    public void recordWritten(String connectionId, Collection<Written> written) {
        recordWritten(connectionId, written, false);
    }

    /**
     * Outcomes of applied writes. With {@code mayWait} (and a positive store delay) they are held in memory
     * and stored with the connection's next {@code mappings} write or, usually, once the store delay passed,
     * the outcomes of several calls in one bulk write; closing stores them too. What a held outcome
     * stands for is already safe without it, which is why the writer only lets quick calls wait:
     * <ul>
     *   <li>its echo: the announcement stored before the call is among the announced writes around the
     *       echo's time ({@link #announcedAround}), and a quick call was applied within
     *       {@link ShopifyStockNormalizer#RECENT_TOLERANCE} of it;</li>
     *   <li>{@code lastCommandId}: the commands are committed once their results are out, so they are not
     *       delivered again. A batch failing before that is delivered again to this process, which still
     *       holds the outcome; after a crash, the same batch repeats the same input (its compare-and-set
     *       value still the stored one), hence the same idempotency key; cut differently, or if Shopify
     *       ignored the key, the compare-and-set fails against our own write, we re-read and set the
     *       latest level of the redelivered commands, which is no change or the newer level;</li>
     *   <li>{@code knownLevel}: lost only if the process dies within the delay; the next write of the SKU
     *       then fails its compare-and-set once and re-reads;</li>
     *   <li>{@code lastWrittenAt}: until stored, another instance's webhook consumer no longer drops a late
     *       delivery older than the write as stale (this instance's does: reads lay held outcomes over).</li>
     * </ul>
     */
    public void recordWritten(String connectionId, Collection<Written> written, boolean mayWait) {
        if (written.isEmpty()) {
            return;
        }
        if (mayWait && unsaved.hold(connectionId, written)) {
            return;
        }
        store(connectionId, written.stream().map(w -> writtenModel(connectionId, w)).toList());
    }

    /**
     * Levels about to be written, announced before the call: Shopify may deliver the echo of a write
     * before we have recorded its outcome, and a crash after the call may leave no outcome at all. The
     * announcements of a call go into one document of {@value #ANNOUNCEMENTS} per connection and second,
     * not into each SKU's mapping: one upsert per call instead of an update per SKU, on a collection the
     * webhook consumer does not read for every delivery. The documents form a ring of
     * {@value #ANNOUNCEMENT_SLOTS} slots (one per second), so a slot is reused after that many seconds.
     * Past the outcome's store an announcement is no longer needed; a write whose outcome was never stored
     * (a crash right after its call) is told from its echo for that long, which a consumer further behind
     * judges without (the engine still drops the level it last sent there).
     */
    public void recordPending(String connectionId, Map<String, InventoryMapping.Write> announcedBySku) {
        if (announcedBySku.isEmpty()) {
            return;
        }
        Map<Long, List<Document>> bySecond = new LinkedHashMap<>();
        announcedBySku.forEach((sku, write) -> bySecond.computeIfAbsent(write.at().getEpochSecond(),
                second -> new ArrayList<>()).add(new Document("sku", sku).append("level", write.level())
                .append("at", Date.from(write.at()))));
        bySecond.forEach((second, entries) -> announce(connectionId, second, entries));
    }

    /** Appends to the slot of {@code second}, or starts it afresh if it holds an older second. */
    private void announce(String connectionId, long second, List<Document> entries) {
        String slot = connectionId + "|" + Math.floorMod(second, ANNOUNCEMENT_SLOTS);
        for (int attempt = 0; attempt < 2; attempt++) {
            UpdateResult appended = Mono.from(announcements.updateOne(and(eq("_id", slot), eq("second", second)),
                    Updates.pushEach("writes", entries))).block(TIMEOUT);
            if (appended != null && appended.getMatchedCount() > 0) {
                return;
            }
            try {
                Mono.from(announcements.replaceOne(and(eq("_id", slot), ne("second", second)),
                        new Document("_id", slot).append("connectionId", connectionId).append("second", second)
                                .append("writes", entries), new ReplaceOptions().upsert(true))).block(TIMEOUT);
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // another writer started the slot for this second meanwhile: append to it
            }
        }
        throw new IllegalStateException("cannot announce writes of Shopify " + connectionId + " at second " + second);
    }

    /**
     * Our announced writes of the connection from the seconds around {@code times} (as far as an echo's
     * {@code updated_at} may lie from its announcement, {@link ShopifyStockNormalizer#RECENT_TOLERANCE}, and
     * a second for rounding), by SKU, in the order they were announced: one query by {@code _id}.
     */
    public Map<String, List<InventoryMapping.Write>> announcedAround(String connectionId, Collection<Instant> times) {
        long reach = ShopifyStockNormalizer.RECENT_TOLERANCE.toSeconds() + 1;
        Set<Long> seconds = new HashSet<>();
        for (Instant time : times) {
            for (long second = time.getEpochSecond() - reach; second <= time.getEpochSecond() + reach; second++) {
                seconds.add(second);
            }
        }
        Map<String, List<InventoryMapping.Write>> bySku = new HashMap<>();
        if (seconds.isEmpty()) {
            return bySku;
        }
        List<String> slots = seconds.stream().map(second -> connectionId + "|" + Math.floorMod(second, ANNOUNCEMENT_SLOTS))
                .distinct().toList();
        List<Document> docs = Flux.from(announcements.find(in("_id", slots))).collectList().blockOptional(TIMEOUT)
                .orElse(List.of());
        docs.stream().filter(doc -> doc.get("second") instanceof Number n && seconds.contains(n.longValue()))
                .sorted(Comparator.comparingLong(doc -> ((Number) doc.get("second")).longValue()))
                .forEach(doc -> {
                    for (Document entry : doc.getList("writes", Document.class, List.of())) {
                        Long level = number(entry, "level");
                        Instant at = instant(entry, "at");
                        if (level != null && at != null && entry.getString("sku") != null) {
                            bySku.computeIfAbsent(entry.getString("sku"), sku -> new ArrayList<>())
                                    .add(new InventoryMapping.Write(level, at));
                        }
                    }
                });
        return bySku;
    }

    /**
     * A level seen in a webhook; kept as the next compare-and-set value unless something newer is known
     * (deliveries arrive in any order).
     */
    public void recordObserved(String connectionId, String sku, long level, String locationId, Instant at) {
        recordObserved(List.of(new Observed(connectionId, sku, level, locationId, at)));
    }

    /** {@link #recordObserved(String, String, long, String, Instant)} for a batch, in order: one round trip per connection. */
    public void recordObserved(List<Observed> observed) {
        Map<String, List<WriteModel<Document>>> byConnection = new LinkedHashMap<>();
        for (Observed o : observed) {
            Date when = Date.from(o.at());
            byConnection.computeIfAbsent(o.connectionId(), c -> new ArrayList<>()).add(new UpdateOneModel<>(
                    and(eq("_id", id(o.connectionId(), o.sku())), or(exists("knownAt", false), lte("knownAt", when))),
                    Updates.combine(Updates.set("knownLevel", o.level()), Updates.set("knownLocationId", o.locationId()),
                            Updates.set("knownAt", when))));
        }
        byConnection.forEach(this::store);
    }

    /** Stores every held outcome. */
    @Override
    public void close() {
        unsaved.close();
    }

    private void store(String connectionId, List<WriteModel<Document>> writes) {
        unsaved.store(connectionId, writes);
    }

    private static WriteModel<Document> writtenModel(String connectionId, Written w) {
        Date at = Date.from(w.at());
        return new UpdateOneModel<>(eq("_id", id(connectionId, w.sku())), Updates.combine(
                Updates.set("knownLevel", w.level()), Updates.set("knownLocationId", w.locationId()),
                Updates.set("knownAt", at), Updates.set("lastWrittenLevel", w.level()),
                Updates.set("lastWrittenAt", at), Updates.set("lastCommandId", w.commandId()),
                Updates.set("recentWrites", documents(recentAt(w.recentWrites(), w.at())))));
    }

    /**
     * The writes worth keeping once a write applied at {@code at} is stored: those within {@link #RECENT_SPAN}
     * before it and every later one. Every stored outcome prunes the list, so a SKU written all the time
     * keeps a few entries instead of {@value #RECENT_WRITES}; the database copies the whole document on
     * each update, and the webhook consumer reads it for every delivery.
     */
    static List<InventoryMapping.Write> recentAt(List<InventoryMapping.Write> recent, Instant at) {
        Instant from = at.minus(RECENT_SPAN);
        return recent.stream().filter(w -> !w.at().isBefore(from)).toList();
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

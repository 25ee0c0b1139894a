package io.possync.connector.shopify.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.model.WriteModel;

import io.possync.connector.shopify.mapping.MongoInventoryMappings.Written;

/**
 * Outcomes of writes held in memory until the connection's next {@code mappings} write carries them
 * (see {@link MongoInventoryMappings#recordWritten(String, Collection, boolean)}). One lock per connection
 * orders every {@code mappings} write of that connection, so a carried outcome never lands after a newer
 * write of the same document. The latest outcome per SKU wins. A daemon thread stores outcomes held longer
 * than the store delay when no other write came to carry them.
 */
final class UnsavedWrites implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnsavedWrites.class);

    /** The outcomes of one connection; all access under {@link #lock}. */
    private static final class Pending {
        final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Written> bySku = new LinkedHashMap<>();
        private Instant oldest;

        /** Takes every held outcome; the caller stores them or gives them back with {@link #restore}. */
        List<Written> drain() {
            List<Written> drained = new ArrayList<>(bySku.values());
            bySku.clear();
            oldest = null;
            return drained;
        }

        void add(Collection<Written> written, Instant now) {
            written.forEach(w -> bySku.put(w.sku(), w));
            if (oldest == null && !bySku.isEmpty()) {
                oldest = now;
            }
        }

        /** Gives back outcomes whose store failed, unless a newer one of the SKU arrived meanwhile. */
        void restore(List<Written> written, Instant now) {
            written.forEach(w -> bySku.putIfAbsent(w.sku(), w));
            if (oldest == null && !bySku.isEmpty()) {
                oldest = now;
            }
        }

        boolean heldSince(Instant before) {
            return oldest != null && !oldest.isAfter(before);
        }
    }

    private final Map<String, Pending> byConnection = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration storeDelay;
    private final BiFunction<String, Written, WriteModel<Document>> model;
    private final Consumer<List<WriteModel<Document>>> bulkWrite;
    private final ScheduledExecutorService storer;

    /**
     * @param storeDelay how long an outcome may be held; zero holds none
     * @param model      the update of a held outcome ({@code connectionId}, outcome)
     * @param bulkWrite  one ordered, blocking bulk write
     */
    UnsavedWrites(Clock clock, Duration storeDelay, BiFunction<String, Written, WriteModel<Document>> model,
                  Consumer<List<WriteModel<Document>>> bulkWrite) {
        this.clock = clock;
        this.storeDelay = storeDelay;
        this.model = model;
        this.bulkWrite = bulkWrite;
        if (!storeDelay.isNegative() && !storeDelay.isZero()) {
            this.storer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "shopify-mappings-store");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(10, storeDelay.toMillis() / 2);
            storer.scheduleWithFixedDelay(this::storeOverdue, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.storer = null;
        }
    }

    /** Holds outcomes for the connection's next write; false when this instance holds none (store them now). */
    boolean hold(String connectionId, Collection<Written> written) {
        if (storer == null) {
            return false;
        }
        Pending pending = of(connectionId);
        pending.lock.lock();
        try {
            pending.add(written, clock.instant());
        } finally {
            pending.lock.unlock();
        }
        return true;
    }

    /**
     * One ordered bulk write of the connection's held outcomes followed by {@code writes}, under the
     * connection's lock: every write of a document lands in the order it was made. Outcomes whose write
     * failed are held again.
     */
    void store(String connectionId, List<WriteModel<Document>> writes) {
        Pending pending = of(connectionId);
        pending.lock.lock();
        try {
            List<Written> carried = pending.drain();
            if (carried.isEmpty() && writes.isEmpty()) {
                return;
            }
            List<WriteModel<Document>> all = new ArrayList<>(carried.size() + writes.size());
            carried.forEach(w -> all.add(model.apply(connectionId, w)));
            all.addAll(writes);
            try {
                bulkWrite.accept(all);
            } catch (RuntimeException e) {
                pending.restore(carried, clock.instant());
                throw e;
            }
        } finally {
            pending.lock.unlock();
        }
    }

    /** Stores every held outcome (at shutdown). */
    @Override
    public void close() {
        if (storer != null) {
            storer.shutdownNow();
        }
        byConnection.keySet().forEach(connectionId -> store(connectionId, List.of()));
    }

    private void storeOverdue() {
        Instant due = clock.instant().minus(storeDelay);
        byConnection.forEach((connectionId, pending) -> {
            // a busy connection is storing already, and carries what is held
            if (!pending.lock.tryLock()) {
                return;
            }
            try {
                if (pending.heldSince(due)) {
                    store(connectionId, List.of());
                }
            } catch (RuntimeException e) {
                log.warn("Shopify {}: storing write outcomes failed; trying again: {}", connectionId, e.toString());
            } finally {
                pending.lock.unlock();
            }
        });
    }

    private Pending of(String connectionId) {
        return byConnection.computeIfAbsent(connectionId, id -> new Pending());
    }

    /**
     * A snapshot of the held outcomes of {@code skus} (all when null), taken before the documents are
     * read, so that an outcome stored meanwhile is in the document instead.
     */
    Map<String, Written> snapshot(String connectionId, Collection<String> skus) {
        Pending pending = byConnection.get(connectionId);
        if (pending == null) {
            return Map.of();
        }
        pending.lock.lock();
        try {
            Map<String, Written> found = new LinkedHashMap<>();
            if (skus == null) {
                found.putAll(pending.bySku);
            } else {
                skus.forEach(sku -> {
                    Written w = pending.bySku.get(sku);
                    if (w != null) {
                        found.put(sku, w);
                    }
                });
            }
            return found;
        } finally {
            pending.lock.unlock();
        }
    }

    /**
     * The stored mapping with a held outcome laid over it, field group by field group, where the outcome
     * is newer than what the document holds.
     */
    static InventoryMapping overlay(InventoryMapping stored, Written written) {
        if (written == null) {
            return stored;
        }
        boolean newerWrite = stored.lastWrittenAt() == null || !stored.lastWrittenAt().isAfter(written.at());
        boolean newerKnown = stored.knownAt() == null || !stored.knownAt().isAfter(written.at());
        return new InventoryMapping(stored.connectionId(), stored.sku(), stored.inventoryItemId(), stored.variantId(),
                newerKnown ? Long.valueOf(written.level()) : stored.knownLevel(),
                newerKnown ? written.locationId() : stored.knownLocationId(),
                newerKnown ? written.at() : stored.knownAt(),
                newerWrite ? Long.valueOf(written.level()) : stored.lastWrittenLevel(),
                newerWrite ? written.at() : stored.lastWrittenAt(),
                newerWrite ? written.commandId() : stored.lastCommandId(),
                newerWrite ? written.recentWrites() : stored.recentWrites());
    }
}

package io.possync.engine.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes, within this engine instance, the work on one SKU's stock ledger: order, stock and
 * result listeners run on different threads, and a decision published on a ledger another thread
 * changes meanwhile (say, a POS level read before an order's reservation was written) would put a
 * briefly wrong level on the wire before its retry corrects it. One lock per stock key, taken in
 * ascending key order, so an order touching several SKUs cannot deadlock with another. Not striped:
 * a coalescing window holds hundreds of SKUs, which would take nearly every stripe and so serialize
 * the stock consumers of different partitions (disjoint SKUs) behind one another. A key's lock exists
 * only while some thread holds or waits for it.
 * Across engine replicas the ledger's compare-and-set still decides; this only removes the race
 * inside one instance.
 */
public class StockLocks {

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Holder> locks = new ConcurrentHashMap<>();

    public <T> T withLocks(Collection<String> stockKeys, Supplier<T> work) {
        List<String> keys = stockKeys.stream().distinct().sorted().toList();
        List<Holder> held = new ArrayList<>(keys.size());
        try {
            for (String key : keys) {
                Holder holder = locks.compute(key, (k, h) -> {
                    Holder used = h == null ? new Holder() : h;
                    used.users++;
                    return used;
                });
                held.add(holder);
                holder.lock.lock();
            }
            return work.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                Holder holder = held.get(i);
                holder.lock.unlock();
                locks.computeIfPresent(keys.get(i), (k, h) -> --h.users == 0 ? null : h);
            }
        }
    }

    public void withLocks(Collection<String> stockKeys, Runnable work) {
        withLocks(stockKeys, () -> {
            work.run();
            return null;
        });
    }

    /** Keys some thread holds or waits for now. */
    int keysInUse() {
        return locks.size();
    }

    /** Whether a thread waits for {@code stockKey} now. */
    boolean hasWaiters(String stockKey) {
        Holder holder = locks.get(stockKey);
        return holder != null && holder.lock.hasQueuedThreads();
    }
}

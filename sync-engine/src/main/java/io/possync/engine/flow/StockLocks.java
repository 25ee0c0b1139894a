package io.possync.engine.flow;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes, within this engine instance, the work on one SKU's stock ledger: order, stock and
 * result listeners run on different threads, and a decision published on a ledger another thread
 * changes meanwhile (say, a POS level read before an order's reservation was written) would put a
 * briefly wrong level on the wire before its retry corrects it. Striped locks, always taken in
 * ascending stripe order, so an order touching several SKUs cannot deadlock with another.
 * Across engine replicas the ledger's compare-and-set still decides; this only removes the race
 * inside one instance.
 */
public class StockLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public StockLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public <T> T withLocks(Collection<String> stockKeys, Supplier<T> work) {
        int[] stripes = stockKeys.stream().mapToInt(key -> Math.floorMod(key.hashCode(), STRIPES))
                .distinct().sorted().toArray();
        for (int stripe : stripes) {
            locks[stripe].lock();
        }
        try {
            return work.get();
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        }
    }

    public void withLocks(Collection<String> stockKeys, Runnable work) {
        withLocks(stockKeys, () -> {
            work.run();
            return null;
        });
    }
}

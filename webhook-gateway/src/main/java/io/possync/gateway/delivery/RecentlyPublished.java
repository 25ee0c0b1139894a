package io.possync.gateway.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, least-recently-used set of dedupe keys this instance saw published. Vendors often
 * resend a delivery within seconds; answering those from memory saves two Mongo round trips.
 * Only a hint: a miss falls through to the Mongo claim, which stays the source of truth across replicas.
 */
public class RecentlyPublished {

    private final Map<String, Boolean> keys;

    public RecentlyPublished(int capacity) {
        this.keys = new LinkedHashMap<>(Math.max(16, capacity / 4), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean contains(String key) {
        return keys.get(key) != null;
    }

    public synchronized void add(String key) {
        keys.put(key, Boolean.TRUE);
    }
}

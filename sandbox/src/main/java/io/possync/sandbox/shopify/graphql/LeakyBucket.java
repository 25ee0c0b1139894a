package io.possync.sandbox.shopify.graphql;

import java.time.Clock;

/**
 * Shopify's GraphQL rate limit: a bucket of cost points per app and shop that refills at a fixed
 * rate. A request whose requested cost exceeds what is available is refused whole; the difference
 * between requested and actual cost is given back after execution.
 */
public final class LeakyBucket {

    private final Clock clock;
    private int size;
    private int restoreRate;
    private double available;
    private long lastRefillMillis;

    public LeakyBucket(Clock clock, int size, int restoreRate) {
        this.clock = clock;
        configure(size, restoreRate, size);
    }

    public synchronized void configure(int newSize, int newRestoreRate, double nowAvailable) {
        this.size = newSize;
        this.restoreRate = newRestoreRate;
        this.available = Math.min(newSize, Math.max(0, nowAvailable));
        this.lastRefillMillis = clock.millis();
    }

    /** Takes {@code cost} points if they are there; false (and nothing taken) otherwise. */
    public synchronized boolean tryTake(int cost) {
        refill();
        if (cost > available) {
            return false;
        }
        available -= cost;
        return true;
    }

    public synchronized void giveBack(int points) {
        refill();
        available = Math.min(size, available + Math.max(0, points));
    }

    public synchronized Status status() {
        refill();
        return new Status(size, (int) Math.floor(available), restoreRate);
    }

    private void refill() {
        long now = clock.millis();
        available = Math.min(size, available + (now - lastRefillMillis) * restoreRate / 1000.0);
        lastRefillMillis = now;
    }

    /** The {@code throttleStatus} of a response. */
    public record Status(int maximumAvailable, int currentlyAvailable, int restoreRate) {
    }
}

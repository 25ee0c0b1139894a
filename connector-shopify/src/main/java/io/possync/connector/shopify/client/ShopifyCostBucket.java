package io.possync.connector.shopify.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Our copy of Shopify's GraphQL leaky bucket for one shop, fed from every response's
 * {@code extensions.cost.throttleStatus}. Before a call we reserve its expected cost and wait until the
 * bucket will hold it, so the shop's limit is met by waiting rather than by THROTTLED answers. Until the
 * first response the bucket's state is unknown and calls go ahead (Shopify's answer then teaches us).
 * Commands are keyed by connection, so one consumer thread owns a shop and this local copy is exact
 * apart from other apps' use of the same bucket, which the server's figures correct on every answer.
 */
public final class ShopifyCostBucket {

    private final Clock clock;
    private boolean known;
    private double maximum;
    private double available;
    private double restoreRate;
    private Instant refilledAt;

    public ShopifyCostBucket(Clock clock) {
        this.clock = clock;
    }

    /** Takes {@code cost} points (borrowing from the future when short) and answers how long to wait first. */
    public synchronized Duration reserve(int cost) {
        if (!known) {
            return Duration.ZERO;
        }
        refill();
        double needed = Math.min(cost, maximum);
        double shortBy = needed - available;
        available -= needed;
        return shortBy <= 0 ? Duration.ZERO : seconds(shortBy / restoreRate);
    }

    /** The shop's own figures after a call. */
    public synchronized void observe(double maximumAvailable, double currentlyAvailable, double restorePerSecond) {
        if (maximumAvailable <= 0 || restorePerSecond <= 0) {
            return;
        }
        known = true;
        maximum = maximumAvailable;
        available = Math.min(maximumAvailable, currentlyAvailable);
        restoreRate = restorePerSecond;
        refilledAt = clock.instant();
    }

    /** Shopify's rule for a THROTTLED answer: wait (requested − available) / restoreRate seconds. */
    public static Duration throttledWait(double requested, double currentlyAvailable, double restorePerSecond) {
        if (restorePerSecond <= 0) {
            return Duration.ofSeconds(1);
        }
        return seconds(Math.max(0, requested - currentlyAvailable) / restorePerSecond);
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(refilledAt)) {
            available = Math.min(maximum, available + Duration.between(refilledAt, now).toNanos() / 1e9 * restoreRate);
            refilledAt = now;
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
    }
}

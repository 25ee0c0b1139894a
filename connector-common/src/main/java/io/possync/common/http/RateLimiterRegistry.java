package io.possync.common.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per external account (connection id). Commands are keyed by connection
 * id, so one consumer owns an account at a time and its local bucket is the account's whole budget.
 */
public final class RateLimiterRegistry {

    private final double ratePerSecond;
    private final double burst;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiterRegistry(double ratePerSecond, double burst, Clock clock, Sleeper sleeper) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public TokenBucket forAccount(String connectionId) {
        return buckets.computeIfAbsent(connectionId, id -> new TokenBucket(ratePerSecond, burst, clock, sleeper));
    }
}

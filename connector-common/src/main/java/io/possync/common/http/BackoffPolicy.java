package io.possync.common.http;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly
 * random time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}. Full jitter spreads the retries of
 * many clients hit by the same outage instead of having them return in lockstep.
 *
 * @param maxAttempts total attempts including the first one
 */
public record BackoffPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public BackoffPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + " / " + maxDelay);
        }
    }

    /** The exponential ceiling before retry {@code retry} (1-based), before jitter. */
    public Duration ceiling(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        long millis = baseDelay.toMillis() << doublings;
        return millis < 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
    }

    /**
     * The wait before retry {@code retry}; a server's Retry-After raises it (never above
     * {@code maxDelay}, so one consumer thread is never parked for minutes by one account).
     *
     * @param retryAfter what the server asked for, or null
     * @param random     uniform in [0, 1)
     */
    public Duration delay(int retry, Duration retryAfter, DoubleSupplier random) {
        long jittered = (long) (random.getAsDouble() * ceiling(retry).toMillis());
        long wanted = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
    }
}

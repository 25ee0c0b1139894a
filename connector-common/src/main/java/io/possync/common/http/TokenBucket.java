package io.possync.common.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Token-bucket rate limiter for one external account: {@code ratePerSecond} tokens flow in, at most
 * {@code capacity} are kept (the allowed burst). A caller takes one token per request; when the
 * bucket is empty it reserves a future token and waits for it, so concurrent callers queue in order
 * instead of racing. Time comes from the injected clock and waits go through the injected sleeper.
 */
public final class TokenBucket {

    private final double ratePerSecond;
    private final double capacity;
    private final Clock clock;
    private final Sleeper sleeper;
    private double tokens;
    private Instant refilledAt;

    public TokenBucket(double ratePerSecond, double capacity, Clock clock, Sleeper sleeper) {
        if (ratePerSecond <= 0 || capacity < 1) {
            throw new IllegalArgumentException("need ratePerSecond > 0 and capacity >= 1, got "
                    + ratePerSecond + " / " + capacity);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = capacity;
        this.refilledAt = clock.instant();
    }

    /** Takes a token, waiting until one is available. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /** Takes a token now (possibly borrowed from the future) and returns how long to wait before using it. */
    public synchronized Duration reserve() {
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / ratePerSecond * 1e9));
    }

    /** How long until a token is available, without taking one (zero when one is there now). */
    public synchronized Duration untilAvailable() {
        refill();
        return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
    }

    /** Takes a token only if one is available now. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(refilledAt)) {
            double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + elapsed * ratePerSecond);
            refilledAt = now;
        }
    }
}

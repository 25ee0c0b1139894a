package io.possync.sandbox.zettle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Zettle's soft rate limit: a rolling average over {@code window}, plus one second of burst. A
 * request is refused (and not counted) when the accepted requests inside the window reach
 * {@code requestsPerSecond * (window + 1 s)}.
 */
class RollingRateLimit {

    private final Clock clock;
    private final Deque<Instant> accepted = new ArrayDeque<>();
    private volatile boolean enabled;
    private volatile double requestsPerSecond;
    private volatile Duration window;

    RollingRateLimit(Clock clock, boolean enabled, double requestsPerSecond, Duration window) {
        this.clock = clock;
        configure(enabled, requestsPerSecond, window);
    }

    final synchronized void configure(boolean on, double perSecond, Duration over) {
        this.enabled = on;
        this.requestsPerSecond = perSecond;
        this.window = over;
        accepted.clear();
    }

    synchronized boolean tryAcquire() {
        if (!enabled) {
            return true;
        }
        Instant now = clock.instant();
        Instant start = now.minus(window);
        while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(start)) {
            accepted.pollFirst();
        }
        double allowed = requestsPerSecond * (window.toMillis() / 1000.0 + 1);
        if (accepted.size() >= allowed) {
            return false;
        }
        accepted.addLast(now);
        return true;
    }

    boolean enabled() {
        return enabled;
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    Duration window() {
        return window;
    }
}

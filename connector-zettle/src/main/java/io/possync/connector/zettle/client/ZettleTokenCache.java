package io.possync.connector.zettle.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens per connection, reused until shortly before they expire (Zettle's assertion grant
 * gives no refresh token, so a new grant is made each time). In memory only: a restart costs one grant.
 */
public class ZettleTokenCache {

    private record Cached(ZettleToken token, Instant renewAt) {
    }

    private final Clock clock;
    private final Duration refreshMargin;
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();

    public ZettleTokenCache(Clock clock, Duration refreshMargin) {
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /** A cached token that stays valid for a while yet, or null. */
    public ZettleToken usable(String connectionId) {
        Cached cached = tokens.get(connectionId);
        return cached != null && clock.instant().isBefore(cached.renewAt()) ? cached.token() : null;
    }

    /** Renews {@code refreshMargin} before expiry, or after 90 % of the lifetime for short-lived tokens. */
    public void put(String connectionId, ZettleToken token) {
        Duration lifetime = Duration.between(clock.instant(), token.expiresAt());
        Duration tenth = lifetime.dividedBy(10);
        Duration margin = tenth.compareTo(refreshMargin) < 0 ? tenth : refreshMargin;
        tokens.put(connectionId, new Cached(token, token.expiresAt().minus(margin)));
    }

    /** Forgets a token Zettle refused; a newer token put meanwhile by another thread is kept. */
    public void drop(String connectionId, ZettleToken token) {
        tokens.computeIfPresent(connectionId, (id, cached) -> cached.token().equals(token) ? null : cached);
    }
}

package io.possync.connector.zettle.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ZettleTokenCacheTest {

    private final Instant start = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void tokenIsReusedUntilTheMarginBeforeItsExpiry() {
        ZettleToken token = new ZettleToken("t1", start.plusSeconds(7200));
        new ZettleTokenCache(Clock.fixed(start, ZoneOffset.UTC), Duration.ofSeconds(60)).put("c1", token);

        assertThat(cacheAt(start.plusSeconds(7139), token).usable("c1")).isEqualTo(token);
        assertThat(cacheAt(start.plusSeconds(7140), token).usable("c1")).isNull();
        assertThat(cacheAt(start, token).usable("other")).isNull();
    }

    @Test
    void shortLivedTokenIsRenewedAfterNinetyPercentOfItsLifetime() {
        ZettleToken token = new ZettleToken("t1", start.plusSeconds(10));
        assertThat(cacheAt(start.plusSeconds(8), token).usable("c1")).isEqualTo(token);
        assertThat(cacheAt(start.plusSeconds(9), token).usable("c1")).isNull();
    }

    @Test
    void droppingARefusedTokenKeepsANewerOne() {
        MutableClock clock = new MutableClock(start);
        ZettleTokenCache cache = new ZettleTokenCache(clock, Duration.ofSeconds(60));
        ZettleToken old = new ZettleToken("old", start.plusSeconds(7200));
        ZettleToken fresh = new ZettleToken("fresh", start.plusSeconds(7200));
        cache.put("c1", fresh);

        cache.drop("c1", old);
        assertThat(cache.usable("c1")).isEqualTo(fresh);
        cache.drop("c1", fresh);
        assertThat(cache.usable("c1")).isNull();
    }

    private ZettleTokenCache cacheAt(Instant now, ZettleToken token) {
        MutableClock clock = new MutableClock(start);
        ZettleTokenCache cache = new ZettleTokenCache(clock, Duration.ofSeconds(60));
        cache.put("c1", token);
        clock.now = now;
        return cache;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

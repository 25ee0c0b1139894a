package io.possync.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeTime time = new FakeTime();

    @Test
    void burstIsServedAtOnceThenCallersAreSpacedAtTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(4, 2, time, time);

        for (int i = 0; i < 6; i++) {
            bucket.acquire();
        }

        assertThat(time.sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250),
                Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void concurrentReservationsQueueBehindEachOther() {
        TokenBucket bucket = new TokenBucket(4, 1, time, time);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(250));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void idleTimeRefillsUpToTheCapacityOnly() {
        TokenBucket bucket = new TokenBucket(4, 2, time, time);
        bucket.tryAcquire();
        bucket.tryAcquire();
        assertThat(bucket.tryAcquire()).isFalse();

        time.advance(Duration.ofMinutes(1));

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void untilAvailableTellsTheWaitForTheNextTokenWithoutTakingIt() {
        TokenBucket bucket = new TokenBucket(4, 1, time, time);
        assertThat(bucket.untilAvailable()).isZero();
        bucket.tryAcquire();

        assertThat(bucket.untilAvailable()).isEqualTo(Duration.ofMillis(250));
        time.advance(Duration.ofMillis(100));
        assertThat(bucket.untilAvailable()).isEqualTo(Duration.ofMillis(150));
        time.advance(Duration.ofMillis(150));
        assertThat(bucket.untilAvailable()).isZero();
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void eachAccountHasItsOwnBucket() {
        RateLimiterRegistry registry = new RateLimiterRegistry(4, 1, time, time);

        assertThat(registry.forAccount("a").tryAcquire()).isTrue();
        assertThat(registry.forAccount("a").tryAcquire()).isFalse();
        assertThat(registry.forAccount("b").tryAcquire()).isTrue();
        assertThat(registry.forAccount("a")).isSameAs(registry.forAccount("a"));
    }
}

package io.possync.connector.shopify.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.possync.common.http.FakeTime;

class ShopifyCostBucketTest {

    private final FakeTime clock = new FakeTime();
    private final ShopifyCostBucket bucket = new ShopifyCostBucket(clock);

    @Test
    void beforeTheFirstAnswerCallsGoAheadWithoutWaiting() {
        assertThat(bucket.reserve(500)).isZero();
    }

    @Test
    void aCallThatFitsTheReportedBucketGoesAhead() {
        bucket.observe(2000, 1000, 100);

        assertThat(bucket.reserve(10)).isZero();
    }

    @Test
    void aCallThatDoesNotFitWaitsForTheMissingPointsAtTheRestoreRate() {
        bucket.observe(1000, 5, 50);

        assertThat(bucket.reserve(10)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void reservationsQueueUpSoThatBackToBackCallsSpreadOverTime() {
        bucket.observe(1000, 10, 100);

        assertThat(bucket.reserve(10)).isZero();
        assertThat(bucket.reserve(10)).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.reserve(10)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theBucketRefillsWithTimeUpToItsSize() {
        bucket.observe(100, 0, 10);

        clock.advance(Duration.ofSeconds(60));

        assertThat(bucket.reserve(100)).isZero();
        assertThat(bucket.reserve(10)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCostAboveTheBucketSizeWaitsOnlyForAFullBucket() {
        bucket.observe(100, 0, 10);

        assertThat(bucket.reserve(5000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theServersFiguresReplaceOurEstimate() {
        bucket.observe(1000, 0, 100);
        bucket.reserve(500);

        bucket.observe(1000, 990, 100);

        assertThat(bucket.reserve(10)).isZero();
    }

    @Test
    void aThrottledAnswerWaitsRequestedMinusAvailableOverRestoreRate() {
        assertThat(ShopifyCostBucket.throttledWait(32, 12, 100)).isEqualTo(Duration.ofMillis(200));
        assertThat(ShopifyCostBucket.throttledWait(10, 50, 100)).isZero();
        assertThat(ShopifyCostBucket.throttledWait(10, 0, 0)).isEqualTo(Duration.ofSeconds(1));
    }
}

package io.possync.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10));

    @Test
    void ceilingDoublesPerRetryUntilTheCap() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.ceiling(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.ceiling(200)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(policy.delay(3, null, () -> 0.0)).isZero();
        assertThat(policy.delay(3, null, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delay(3, null, () -> 0.9999)).isEqualTo(Duration.ofMillis(799));
    }

    @Test
    void retryAfterRaisesTheDelayButNeverAboveTheCap() {
        assertThat(policy.delay(1, Duration.ofSeconds(2), () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(1, Duration.ofSeconds(60), () -> 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(6, Duration.ZERO, () -> 0.5)).isEqualTo(Duration.ofMillis(3200));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new BackoffPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

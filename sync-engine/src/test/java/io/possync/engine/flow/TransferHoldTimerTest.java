package io.possync.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The hold timer is the only bound on a held transfer's wait, so it must really run. */
class TransferHoldTimerTest {

    @Test
    void aTickOfZeroOrLessOrUnderAMillisecondFailsTheStartNamingTheSetting() {
        for (Duration tick : new Duration[] {Duration.ZERO, Duration.ofMillis(-250), Duration.ofNanos(500_000)}) {
            assertThatThrownBy(() -> timer(tick))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("possync.engine.transfer-hold-tick must be at least PT0.001S")
                    .hasMessageContaining("was " + tick);
        }
    }

    @Test
    void aPositiveTickIsScheduled() {
        TransferHoldTimer timer = timer(Duration.ofHours(1));

        timer.start();
        try {
            assertThat(timer.isRunning()).isTrue();
        } finally {
            timer.stop();
        }
        assertThat(timer.isRunning()).isFalse();
    }

    /** Holds and stock results are never reached: the first tick is an hour away. */
    private static TransferHoldTimer timer(Duration tick) {
        return new TransferHoldTimer(null, null, Clock.systemUTC(), Duration.ofSeconds(5), tick, Duration.ofSeconds(10));
    }
}

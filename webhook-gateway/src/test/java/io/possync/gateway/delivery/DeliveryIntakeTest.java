package io.possync.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** How long the hot path's Mongo steps may wait within a vendor's answer window. */
class DeliveryIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final DeliveryIntake intake = new DeliveryIntake(null, null, new RecentlyPublished(10),
            Duration.ofSeconds(5), Duration.ofSeconds(3), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shopifysFiveSecondsLeaveAClaimOneSecondBeforeThePublish() {
        Instant answerBy = NOW.plusSeconds(5 - 1);

        assertThat(intake.storeWait(answerBy, true)).isEqualTo(Duration.ofSeconds(1));
        assertThat(intake.storeWait(answerBy, false)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void zettlesTenSecondsLetAClaimWaitTheWholeStoreTimeout() {
        assertThat(intake.storeWait(NOW.plusSeconds(10 - 1), true)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aWindowAlmostSpentStillGivesAStepItsMinimum() {
        assertThat(intake.storeWait(NOW.plusSeconds(2), true)).isEqualTo(DeliveryIntake.MIN_STORE_WAIT);
        assertThat(intake.storeWait(NOW.minusSeconds(1), false)).isEqualTo(DeliveryIntake.MIN_STORE_WAIT);
    }
}

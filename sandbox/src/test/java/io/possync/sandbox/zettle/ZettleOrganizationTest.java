package io.possync.sandbox.zettle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.possync.sandbox.zettle.ZettleApiError.Violation;
import io.possync.sandbox.zettle.ZettleOrganization.MovementInput;
import io.possync.sandbox.zettle.ZettleOrganization.MovementOutcome;
import io.possync.sandbox.zettle.ZettleOrganization.Product;

class ZettleOrganizationTest {

    private final ZettleOrganization organization = new ZettleOrganization(UUID.randomUUID().toString(),
            Clock.systemUTC());

    @Test
    void requestWithOneBadMovementAppliesNone() {
        Product mug = organization.createProduct("Mug", List.of(new ZettleOrganization.NewVariant("MUG", "Mug", null, 5)));
        String variant = mug.variants().get(0).uuid();
        MovementInput good = new MovementInput(mug.uuid(), variant, store(), sold(), 1);
        MovementInput bad = new MovementInput(mug.uuid(), variant, store(), "no-such-inventory", 1);

        MovementOutcome outcome = organization.move(List.of(good, bad), UUID.randomUUID().toString());

        assertThat(outcome.violations()).extracting(Violation::propertyName).containsExactly("movements[1].to");
        assertThat(organization.storeBalancesBySku()).containsEntry("MUG", 5L);
        assertThat(organization.movements()).isEmpty();
    }

    @Test
    void supplierIsAnUnlimitedSourceAndStoreChangesAreReportedForTheWebhook() {
        Product mug = organization.createProduct("Mug", List.of(new ZettleOrganization.NewVariant("MUG", "Mug", null, 0)));
        String variant = mug.variants().get(0).uuid();

        MovementOutcome outcome = organization.move(List.of(new MovementInput(mug.uuid(), variant,
                organization.inventory("SUPPLIER"), store(), 7)), UUID.randomUUID().toString());

        assertThat(outcome.changes()).containsExactly(
                new ZettleOrganization.BalanceChange(store(), mug.uuid(), variant, 0, 7));
        assertThat(organization.storeBalancesBySku()).containsEntry("MUG", 7L);
    }

    @Test
    void variantOfAnotherProductIsRefused() {
        Product mug = organization.createProduct("Mug", List.of(new ZettleOrganization.NewVariant("MUG", "Mug", null, 5)));
        Product tee = organization.createProduct("Tee", List.of(new ZettleOrganization.NewVariant("TEE", "Tee", null, 5)));

        MovementOutcome outcome = organization.move(List.of(new MovementInput(tee.uuid(),
                mug.variants().get(0).uuid(), store(), sold(), 1)), UUID.randomUUID().toString());

        assertThat(outcome.violations()).extracting(Violation::propertyName).containsExactly("movements[0].productUuid");
    }

    @Test
    void rateLimitAllowsTheAveragePlusOneSecondOfBurstOverTheWindow() {
        MutableClock clock = new MutableClock();
        RollingRateLimit limit = new RollingRateLimit(clock, true, 4, Duration.ofSeconds(5));

        int accepted = 0;
        while (limit.tryAcquire()) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(24);

        clock.now = clock.now.plusSeconds(6);
        assertThat(limit.tryAcquire()).isTrue();
    }

    @Test
    void zettleIdsAreTimeBasedUuids() {
        long before = System.currentTimeMillis();
        UUID id = UuidV1.next(Clock.systemUTC());
        assertThat(UuidV1.isV1(id.toString())).isTrue();
        long gregorianOffset100ns = 0x01B21DD213814000L;
        assertThat((id.timestamp() - gregorianOffset100ns) / 10_000)
                .isBetween(before, System.currentTimeMillis() + 1000);
        assertThat(UuidV1.isV1(UUID.randomUUID().toString())).isFalse();
    }

    private String store() {
        return organization.inventory("STORE");
    }

    private String sold() {
        return organization.inventory("SOLD");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T12:00:00Z");

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

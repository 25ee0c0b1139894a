package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StockHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void aWriteAboveTheCeilingLandingAfterATransferCountsEvenBeforeAnyWriteWithinIt() {
        StockHistory history = history(List.of(write(1_500, 10)), List.of());

        assertThat(history.violations()).singleElement().satisfies(v -> {
            assertThat(v.webshop()).isEqualTo("shopify");
            assertThat(v.ceiling()).isEqualTo(8);
        });
    }

    @Test
    void aBounceAfterTheWebshopShowedTheLoweredLevelCounts() {
        StockHistory history = history(List.of(write(1_500, 8), write(2_500, 10)), List.of(write(1_600, 9)));

        assertThat(history.violations()).extracting(StockHistory.Violation::webshop)
                .containsExactly("woocommerce", "shopify");
    }

    @Test
    void writesWithinTheCeilingAndWritesBeforeTheTransferAreFine() {
        StockHistory history = history(List.of(write(500, 10), write(1_000, 8), write(3_000, 5)),
                List.of(write(1_000, 8), write(2_000, 5)));

        assertThat(history.violations()).isEmpty();
    }

    /** Start 10; a transfer of 2 at T0 + 1 s and one of 3 at T0 + 2 s. */
    private static StockHistory history(List<StockHistory.Write> shopify, List<StockHistory.Write> woo) {
        return new StockHistory("SKU", 10, List.of(new StockHistory.Transfer(T0.plusSeconds(1), 2),
                new StockHistory.Transfer(T0.plusSeconds(2), 3)), shopify, woo);
    }

    private static StockHistory.Write write(long millis, long level) {
        return new StockHistory.Write(T0.plusMillis(millis), level);
    }
}

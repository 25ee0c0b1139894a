package io.possync.connector.zettle.webhook;

import static io.possync.connector.zettle.webhook.ZettleBalanceChangedReaderTest.PRODUCT;
import static io.possync.connector.zettle.webhook.ZettleBalanceChangedReaderTest.SOLD;
import static io.possync.connector.zettle.webhook.ZettleBalanceChangedReaderTest.STORE;
import static io.possync.connector.zettle.webhook.ZettleBalanceChangedReaderTest.VARIANT;
import static io.possync.connector.zettle.webhook.ZettleBalanceChangedReaderTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.possync.connector.zettle.mapping.ZettleVariantRef;
import io.possync.connector.zettle.webhook.ZettleBalanceChange.Balance;
import io.possync.connector.zettle.webhook.ZettleBalanceChange.StoreLevel;

class ZettleBalanceChangeTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:37.904Z");
    private final ZettleVariantRef variant = new ZettleVariantRef(PRODUCT, VARIANT);

    @Test
    void onlyStoreBalancesBecomeLevelsEachWithItsLevelBefore() {
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(fixture("inventory-balance-changed.json"));

        assertThat(change.storeLevels(STORE)).containsExactly(
                new StoreLevel(variant, 10, 12L),
                new StoreLevel(new ZettleVariantRef("5a0c1e20-fb65-11e7-8b46-39368d314702",
                        "5a0c1e20-fb65-11e7-8103-e11ba136a59d"), 2, 3L));
    }

    @Test
    void theLastBalanceOfAVariantWinsAndAMissingBeforeStaysUnknown() {
        ZettleBalanceChange change = change("user", AT, List.of(),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 9), new Balance(STORE, PRODUCT, VARIANT, 8)));

        assertThat(change.storeLevels(STORE)).containsExactly(new StoreLevel(variant, 8, null));
    }

    @Test
    void balancesOfOtherInventoriesOrWithoutLocationAreNoStoreLevel() {
        ZettleBalanceChange change = change("user", AT, List.of(),
                List.of(new Balance(SOLD, PRODUCT, VARIANT, 40), new Balance(null, PRODUCT, VARIANT, 5)));

        assertThat(change.storeLevels(STORE)).isEmpty();
    }

    @Test
    void everyDeliveryOfOneChangeHasTheSameSourceVersion() {
        ZettleBalanceChange first = change("user", AT, List.of(new Balance(STORE, PRODUCT, VARIANT, 12)),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 10)));
        ZettleBalanceChange redelivered = new ZettleBalanceChange("other-message", AT.plusSeconds(60), "user", AT,
                first.before(), first.after());

        assertThat(redelivered.sourceVersion(redelivered.storeLevels(STORE).get(0)))
                .isEqualTo(first.sourceVersion(first.storeLevels(STORE).get(0)));
    }

    @Test
    void theSameUsersNextSaleIsANewChangeNotARepeat() {
        ZettleBalanceChange sale = change("user", AT, List.of(new Balance(STORE, PRODUCT, VARIANT, 12)),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 10)));
        ZettleBalanceChange nextSale = change("user", AT.plusMillis(900),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 10)), List.of(new Balance(STORE, PRODUCT, VARIANT, 9)));
        ZettleBalanceChange sameInstant = change("user", AT, List.of(new Balance(STORE, PRODUCT, VARIANT, 10)),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 9)));

        String version = sale.sourceVersion(sale.storeLevels(STORE).get(0));
        assertThat(nextSale.sourceVersion(nextSale.storeLevels(STORE).get(0))).isNotEqualTo(version);
        assertThat(sameInstant.sourceVersion(sameInstant.storeLevels(STORE).get(0))).isNotEqualTo(version);
    }

    @Test
    void withoutUpdatedThePusherMessageIdIsTheSourceVersionAndTheEnvelopeTimeTheChangeTime() {
        ZettleBalanceChange change = new ZettleBalanceChange("message-1", AT, null, null, List.of(),
                List.of(new Balance(STORE, PRODUCT, VARIANT, 4)));

        assertThat(change.sourceVersion(change.storeLevels(STORE).get(0))).isEqualTo("message-1");
        assertThat(change.changedAt(Instant.EPOCH)).isEqualTo(AT);
        assertThat(new ZettleBalanceChange("m", null, null, null, List.of(), List.of()).changedAt(Instant.EPOCH))
                .isEqualTo(Instant.EPOCH);
    }

    private static ZettleBalanceChange change(String user, Instant at, List<Balance> before, List<Balance> after) {
        return new ZettleBalanceChange("message", at.plusSeconds(1), user, at, before, after);
    }
}

package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Stock in step across Zettle (POS master), Shopify and WooCommerce in the demo's flow 1a, over real
 * HTTP, a real Kafka broker and a Mongo wire server, every webhook signed and delivered by the
 * simulators through the gateway.
 */
class StockSyncIT extends PlatformStockTest {

    @Test
    void aPosSaleLowersBothWebshops() {
        String sku = newProduct(20);

        sim.zettleSale(sku, 3);

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(17);
            assertThat(sim.wooStock(sku)).isEqualTo(17);
        });
    }

    @Test
    void aShopifyOrderDrawsPosStockAndLowersWooCommerceInTheSameSync() {
        String sku = newProduct(20);

        sim.placeOrder("paid", 1, Map.of(sku, 4));

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(16);
            assertThat(sim.wooStock(sku)).isEqualTo(16);
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(16);
        });
    }

    @Test
    void aWooCommerceOrderDrawsPosStockAndLowersShopifyWithoutEverRaisingWooCommerceAgain() {
        String sku = newProduct(12);

        sim.placeWooOrder(sku, 5);

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(7);
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(7);
            assertThat(sim.wooStock(sku)).isEqualTo(7);
        });
        // no stock bounce: once the order reduced WooCommerce's stock, no write ever showed more than is left
        List<Integer> writes = sim.wooStockWrites(sku);
        assertThat(writes.subList(writes.indexOf(7), writes.size())).allMatch(level -> level <= 7);
    }
}

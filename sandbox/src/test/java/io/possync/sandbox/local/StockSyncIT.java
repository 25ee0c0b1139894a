package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stock in step across Zettle (POS master), Shopify and WooCommerce in the demo's flow 1a, over real
 * HTTP, a real Kafka broker and a Mongo wire server, every webhook signed and delivered by the
 * simulators through the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockSyncIT {

    private static final Duration SYNC = Duration.ofSeconds(30);
    private static final AtomicInteger SKUS = new AtomicInteger();

    private LocalInfrastructure infra;
    private Platform platform;
    private SimulatorControl sim;

    @BeforeAll
    void start() throws Exception {
        infra = LocalInfrastructure.start(null, 0);
        // products are created while the platform runs, so the Zettle connector may re-read the library for
        // an unknown variant at once rather than at most every 30 s (which protects Zettle's rate limit)
        platform = Platform.start(Platform.Settings.randomPorts(infra)
                .withExtraProperties(Map.of("possync.zettle.library-refresh-interval", "0s")));
        new DemoTenant(platform).seed();
        sim = new SimulatorControl(platform);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

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

    private String newProduct(int balance) {
        String sku = "SYNC-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        new DemoTenant(platform).seedProducts(List.of(new DemoTenant.DemoProduct(sku, sku, balance)));
        return sku;
    }
}

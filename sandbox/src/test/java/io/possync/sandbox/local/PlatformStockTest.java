package io.possync.sandbox.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole platform with the demo tenant's flow 1a (Zettle POS master, Shopify and WooCommerce),
 * started once per test class over an embedded broker and a Mongo wire server: the setup every
 * platform-wide stock IT shares. Tests create their own SKUs, so they never see each other's stock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlatformStockTest {

    static final Duration SYNC = Duration.ofSeconds(30);
    private static final AtomicInteger SKUS = new AtomicInteger();

    LocalInfrastructure infra;
    Platform platform;
    SimulatorControl sim;

    @BeforeAll
    void startPlatform() throws Exception {
        infra = LocalInfrastructure.start(null, 0);
        // products are created while the platform runs, so the Zettle connector may re-read the library for
        // an unknown variant at once rather than at most every 30 s (which protects Zettle's rate limit).
        // A held order transfer waits for its lowered levels' results; on a loaded test machine these can
        // take longer than the production bound of a few seconds, after which the transfer would go out
        // while an older level may still land: the strict-availability checks are about the hold, not the timer.
        platform = Platform.start(Platform.Settings.randomPorts(infra)
                .withExtraProperties(Map.of("possync.zettle.library-refresh-interval", "0s",
                        "possync.engine.transfer-hold-max", "15s")));
        new DemoTenant(platform).seed();
        sim = new SimulatorControl(platform);
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    /** A new SKU in all three systems with {@code balance} units everywhere. */
    String newProduct(int balance) {
        return newProducts(1, balance).get(0);
    }

    List<String> newProducts(int count, int balance) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> skus = IntStream.range(0, count)
                .mapToObj(i -> "SYNC-" + SKUS.incrementAndGet() + "-" + run).toList();
        new DemoTenant(platform).seedProducts(skus.stream()
                .map(sku -> new DemoTenant.DemoProduct(sku, sku, balance)).toList());
        return skus;
    }
}

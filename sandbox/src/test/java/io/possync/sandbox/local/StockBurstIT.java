package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import tools.jackson.databind.JsonNode;

/**
 * Stock under load across Zettle, Shopify and WooCommerce (demo flow 1a): bursts collapsed into few
 * API calls, duplicated and reordered webhooks, a throttled Shopify, and sales on all three channels
 * at once.
 */
class StockBurstIT extends PlatformStockTest {

    private static final Logger log = LoggerFactory.getLogger(StockBurstIT.class);
    private static final Duration BURST = Duration.ofSeconds(120);
    private static final int MAX_WRITE_CALLS_PER_SHOP = 36;

    private String gatewayPath;

    @Test
    void aBurstOfAThousandChangesToTwentySkusTakesAFewDozenApiCalls() throws Exception {
        List<String> skus = newProducts(20, 100);
        Map<String, Integer> basket = new HashMap<>();
        skus.forEach(sku -> basket.put(sku, 1));
        // one sale each first: the connectors look every SKU up once, which is not what the burst measures
        skus.forEach(sku -> sim.zettleSale(sku, 1));
        awaitLevels(skus, 99, SYNC);
        long shopifyWrites = shopifyCalls("inventorySetQuantities");
        long shopifyCalls = shopifyCalls(null);
        long wooBatches = sim.wooStats().path("batchRequests").asLong();
        long wooRequests = sim.wooStats().path("apiRequests").asLong();
        long shopifyCommands = commandsSent(SystemKind.SHOPIFY);
        long wooCommands = commandsSent(SystemKind.WOOCOMMERCE);

        // 50 POS sales, each a basket of one unit of every SKU (one InventoryBalanceChanged webhook with 20
        // balances), as fast as the simulator takes them: 1,000 stock changes
        long started = System.nanoTime();
        concurrently(8, 50, i -> sim.zettleBasketSale(basket));
        long salesMillis = (System.nanoTime() - started) / 1_000_000;
        awaitLevels(skus, 49, BURST);
        long convergedMillis = (System.nanoTime() - started) / 1_000_000;

        long shopifyWritten = shopifyCalls("inventorySetQuantities") - shopifyWrites;
        long wooWritten = sim.wooStats().path("batchRequests").asLong() - wooBatches;
        log.info("BURST 1000 POS changes over 20 SKUs: sales took {} ms, converged after {} ms; engine sent {} "
                        + "commands to Shopify, {} to WooCommerce; Shopify {} inventorySetQuantities ({} GraphQL "
                        + "requests in all), WooCommerce {} products/batch ({} API requests in all)", salesMillis,
                convergedMillis, commandsSent(SystemKind.SHOPIFY) - shopifyCommands,
                commandsSent(SystemKind.WOOCOMMERCE) - wooCommands, shopifyWritten, shopifyCalls(null) - shopifyCalls,
                wooWritten, sim.wooStats().path("apiRequests").asLong() - wooRequests);
        assertThat(shopifyWritten).isPositive().isLessThanOrEqualTo(MAX_WRITE_CALLS_PER_SHOP);
        assertThat(wooWritten).isPositive().isLessThanOrEqualTo(MAX_WRITE_CALLS_PER_SHOP);
    }

    @Test
    void duplicatedAndReorderedWebhooksNeverOverwriteNewerState() throws Exception {
        String sku = newProduct(20);
        List<WebhookCapture.Delivery> captured = new ArrayList<>(heldZettleWebhooks(2, () -> {
            sim.zettleSale(sku, 3);
            sim.zettleSale(sku, 2);
        }));
        // the newer change (the one ending at 15) twice, then the older one (20 -> 17) twice
        captured.sort(Comparator.comparing(d -> !d.text().contains("\\\"balance\\\":\\\"15\\\"")));
        for (WebhookCapture.Delivery delivery : List.of(captured.get(0), captured.get(0), captured.get(1),
                captured.get(1))) {
            deliverToGateway(delivery);
        }
        await().atMost(SYNC).untilAsserted(() -> assertThat(decisions(sku)).contains("SKIP_STALE"));
        // and a webshop order whose webhooks arrive three times
        sim.placeOrder("paid", 3, Map.of(sku, 4));

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(11);
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(11);
            assertThat(sim.wooStock(sku)).isEqualTo(11);
        });
        assertThat(sim.zettleMovementsFor(sku)).as("two sales and one transfer").isEqualTo(3);
        List<Integer> woo = sim.wooStockWrites(sku);
        assertThat(woo).as("the older level never followed the newer one").doesNotContain(17);
        assertThat(StreamSupport.stream(sim.shopifyInventoryWrites().spliterator(), false)
                .filter(w -> sku.equals(w.path("sku").asString())).map(w -> w.path("after").asLong()))
                .doesNotContain(17L);
    }

    @Test
    void shopifyThrottlingIsHonouredWithoutErrors() throws Exception {
        List<String> skus = newProducts(5, 50);
        // SKUs known to the Shopify connector before the bucket shrinks: a lookup query costs more than it holds
        skus.forEach(sku -> sim.zettleSale(sku, 1));
        awaitLevels(skus, 49, SYNC);
        long throttled = sim.shopifyGraphqlStats().path("throttled").asLong();
        long writes = shopifyCalls("inventorySetQuantities");
        // an empty bucket refilling 4 points/s: a write (a mutation costs 10 points) can happen every 2.5 s
        sim.shopifyBucket(400, 4, 0);
        try {
            for (int round = 0; round < 10; round++) {
                skus.forEach(sku -> sim.zettleSale(sku, 1));
            }

            awaitLevels(skus, 39, BURST);
            assertThat(sim.shopifyGraphqlStats().path("throttled").asLong()).as("throttled answers")
                    .isGreaterThan(throttled);
            assertThat(shopifyCalls("inventorySetQuantities")).as("later writes succeeded").isGreaterThan(writes);
            for (String sku : skus) {
                await().atMost(SYNC).untilAsserted(() -> assertThat(outcomes(sku, DemoTenant.SHOPIFY_CONNECTION))
                        .isNotEmpty().containsOnly("APPLIED"));
                assertThat(sim.syncLog(sku, 1000)).extracting(e -> e.path("outcome").asString())
                        .doesNotContain("PARKED", "FAILED");
            }
        } finally {
            sim.shopifyBucket(2000, 100, 2000);
            // the connector paces by the bucket figures of its last answer (4 points/s): one cheap write teaches
            // it the restored ones before other tests look SKUs up (a lookup query costs hundreds of points)
            sim.zettleSale(skus.get(0), 1);
            await().atMost(SYNC).untilAsserted(() -> assertThat(sim.shopifyAvailable(skus.get(0)))
                    .isEqualTo(sim.zettleBalance(skus.get(0))));
        }
    }

    @Test
    void concurrentSalesOnAllThreeChannelsConvergeNeverShowingMoreThanAvailable() throws Exception {
        List<String> skus = newProducts(4, 61);
        skus.forEach(sku -> sim.zettleSale(sku, 1));
        awaitLevels(skus, 60, SYNC);
        Instant since = Instant.now();
        Map<String, Long> sold = new HashMap<>();
        Map<String, Long> soldOnline = new HashMap<>();
        Set<String> posSales = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        List<Runnable> sales = new ArrayList<>();
        for (String sku : skus) {
            for (int i = 0; i < 6; i++) {
                int shopifyUnits = 1 + random.nextInt(2);
                int wooUnits = 1 + random.nextInt(2);
                int posUnits = 1 + random.nextInt(3);
                sales.add(() -> sim.placeOrder("paid", 1, Map.of(sku, shopifyUnits)));
                sales.add(() -> sim.placeWooOrder(sku, wooUnits));
                sales.add(() -> posSales.add(sim.zettleSale(sku, posUnits)));
                sold.merge(sku, (long) shopifyUnits + wooUnits + posUnits, Long::sum);
                soldOnline.merge(sku, (long) shopifyUnits + wooUnits, Long::sum);
            }
        }
        Collections.shuffle(sales, random);

        concurrently(6, sales.size(), i -> sales.get(i).run());

        Map<String, Integer> expected = new HashMap<>();
        skus.forEach(sku -> expected.put(sku, (int) (60 - sold.get(sku))));
        await().atMost(BURST).untilAsserted(() -> {
            for (String sku : skus) {
                assertThat(sim.zettleBalance(sku)).as("Zettle %s", sku).isEqualTo(expected.get(sku));
                assertThat(sim.shopifyAvailable(sku)).as("Shopify %s", sku).isEqualTo(expected.get(sku));
                assertThat(sim.wooStock(sku)).as("WooCommerce %s", sku).isEqualTo(expected.get(sku));
            }
        });
        for (String sku : skus) {
            StockHistory history = StockHistory.of(sim, sku, 60, since, posSales);
            assertThat(history.transferredUnits()).as("every webshop order of %s transferred once", sku)
                    .isEqualTo(soldOnline.get(sku));
            assertThat(history.shopifyWrites()).isNotEmpty();
            assertThat(history.wooWrites()).isNotEmpty();
            assertThat(history.violations()).as("%s written above availability after a transfer: %s", sku, history)
                    .isEmpty();
            log.info("{}: {} of its webshop orders' transfers were held until older levels landed", sku,
                    decisions(sku).stream().filter("TRANSFER_HELD"::equals).count());
        }
    }

    /**
     * The Zettle webhooks {@code sales} cause, held back: the subscription points at a capture while they
     * happen (its signing key stays, so the deliveries are signed as the gateway expects).
     */
    private List<WebhookCapture.Delivery> heldZettleWebhooks(int expected, Callable sales) throws Exception {
        JsonNode subscription = StreamSupport.stream(sim.zettleSubscriptions().spliterator(), false)
                .filter(s -> s.path("destination").asString().contains("/webhooks/zettle/")).findFirst().orElseThrow();
        try (WebhookCapture capture = new WebhookCapture()) {
            sim.moveZettleSubscription(subscription.path("uuid").asString(), capture.url());
            try {
                sales.call();
                await().atMost(SYNC).until(() -> capture.deliveries().size() >= expected);
            } finally {
                sim.moveZettleSubscription(subscription.path("uuid").asString(),
                        subscription.path("destination").asString());
            }
            gatewayPath = URI.create(subscription.path("destination").asString()).getPath();
            return capture.deliveries();
        }
    }

    /** Posts a held delivery to the gateway, retrying a refusal as Zettle retries a failed delivery. */
    private void deliverToGateway(WebhookCapture.Delivery delivery) {
        await().atMost(SYNC).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> sim.postWebhook(gatewayPath,
                Map.of("Content-Type", "application/json",
                        "X-iZettle-Signature", delivery.headers().get("x-izettle-signature")),
                delivery.body()).statusCode() / 100 == 2);
    }

    @FunctionalInterface
    private interface Callable {
        void call() throws Exception;
    }

    @FunctionalInterface
    private interface Step {
        void run(int index) throws Exception;
    }

    /** Runs {@code count} steps on {@code threads} threads as fast as they go; fails on the first failure. */
    private static void concurrently(int threads, int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    step.run(index);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitLevels(List<String> skus, int level, Duration within) {
        await().atMost(within).untilAsserted(() -> {
            for (String sku : skus) {
                assertThat(sim.zettleBalance(sku)).as("Zettle %s", sku).isEqualTo(level);
                assertThat(sim.shopifyAvailable(sku)).as("Shopify %s", sku).isEqualTo(level);
                assertThat(sim.wooStock(sku)).as("WooCommerce %s", sku).isEqualTo(level);
            }
        });
    }

    /** Records on the command topic of {@code system} so far (the end offsets of its partitions). */
    private long commandsSent(SystemKind system) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            String topic = Topics.commands(system).name();
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    /** GraphQL requests served for {@code field}, or for every field when null. */
    private long shopifyCalls(String field) {
        JsonNode calls = sim.shopifyGraphqlStats().path("calls");
        if (field != null) {
            return calls.path(field).asLong();
        }
        long all = 0;
        for (JsonNode count : calls) {
            all += count.asLong();
        }
        return all;
    }

    private List<String> decisions(String sku) {
        return StreamSupport.stream(sim.syncLog(sku, 1000).spliterator(), false)
                .map(e -> e.path("decision").asString()).toList();
    }

    /** Outcomes of the levels commanded to {@code target} for {@code sku}. */
    private List<String> outcomes(String sku, String target) {
        return StreamSupport.stream(sim.syncLog(sku, 1000).spliterator(), false)
                .filter(e -> target.equals(e.path("targetConnectionId").asString()))
                .filter(e -> !e.path("commandId").isNull() && !e.path("commandId").isMissingNode())
                .map(e -> e.path("outcome").asString()).toList();
    }
}

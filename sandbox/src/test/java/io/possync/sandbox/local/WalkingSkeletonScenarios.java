package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.possync.sandbox.bench.ConsumerLag;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton end to end, over real HTTP, a real Kafka broker and a Mongo wire server:
 * a signed Shopify order webhook draws stock in the Zettle simulator, exactly once. Each test uses
 * its own SKUs so that the tests share one running platform without interfering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WalkingSkeletonScenarios {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final AtomicInteger SKUS = new AtomicInteger();

    private Platform platform;
    private SimulatorControl sim;
    private String kafkaBootstrapServers;

    /** Starts the infrastructure this variant runs on and returns the settings for the platform. */
    abstract Platform.Settings startInfrastructure() throws Exception;

    abstract void stopInfrastructure();

    @BeforeAll
    void startPlatform() throws Exception {
        Platform.Settings settings = startInfrastructure();
        kafkaBootstrapServers = settings.kafkaBootstrapServers();
        platform = Platform.start(settings);
        new DemoTenant(platform).seed();
        sim = new SimulatorControl(platform);
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        stopInfrastructure();
    }

    @Test
    void aPaidShopifyOrderLowersTheZettleBalanceOfEachSkuByTheOrderedQuantity() {
        String mug = newProduct(20);
        String tee = newProduct(30);

        sim.placeOrder("paid", 1, Map.of(mug, 2, tee, 3));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sim.zettleBalance(mug)).isEqualTo(18);
            assertThat(sim.zettleBalance(tee)).isEqualTo(27);
        });
    }

    @Test
    void anOrderDeliveredThreeTimesWithItsUpdatedTwinDrawsStockOnce() {
        String sku = newProduct(10);

        sim.placeOrder("paid", 3, Map.of(sku, 4));

        await().atMost(Duration.ofSeconds(20)).until(() -> sim.zettleBalance(sku) == 6);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(3)).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(6);
            assertThat(sim.zettleMovementsFor(sku)).isEqualTo(1);
        });
    }

    @Test
    void aPendingOrderDrawsNothingUntilItIsPaid() {
        String sku = newProduct(10);

        sim.placeOrder("pending", 1, Map.of(sku, 1));

        await().during(SETTLE).atMost(SETTLE.plusSeconds(3)).until(() -> sim.zettleBalance(sku) == 10);
    }

    @Test
    void aCancellationAfterTransferRestoresTheStockOnce() {
        String sku = newProduct(12);
        String orderId = sim.placeOrder("paid", 1, Map.of(sku, 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.zettleBalance(sku) == 7);

        sim.cancelOrder(orderId, 2);

        await().atMost(Duration.ofSeconds(20)).until(() -> sim.zettleBalance(sku) == 12);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(3)).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(12);
            assertThat(sim.zettleMovementsFor(sku)).isEqualTo(2);
        });
    }

    @Test
    void aTamperedWebhookIsRefusedWith401AndNothingIsPublished() throws Exception {
        String eventId = UUID.randomUUID().toString();
        byte[] signed = "{\"id\":1,\"financial_status\":\"paid\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "{\"id\":1,\"financial_status\":\"paid\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "X-Shopify-Topic", "orders/paid",
                "X-Shopify-Hmac-Sha256", hmacBase64(DemoTenant.SHOPIFY_WEBHOOK_SECRET, signed),
                "X-Shopify-Shop-Domain", "demo.myshopify.com",
                "X-Shopify-Webhook-Id", UUID.randomUUID().toString(),
                "X-Shopify-Event-Id", eventId);

        try (KafkaConsumer<String, WebhookEnvelope> inbound = inboundConsumerAtEnd()) {
            var response = sim.postWebhook("/webhooks/shopify/" + DemoTenant.SHOPIFY_CONNECTION, headers, tampered);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("Exception");
            List<String> published = new ArrayList<>();
            await().during(SETTLE).atMost(SETTLE.plusSeconds(3)).until(() -> {
                inbound.poll(Duration.ofMillis(200)).forEach(r -> published.add(r.value().getDedupeKey()));
                return !published.contains(eventId);
            });
        }
    }

    @Test
    void zettleRateLimitingIsRetriedAndTheMovementHappensOnce() {
        String sku = newProduct(8);
        sim.zettleFault("POST", "/v3/movements", 429, 2);

        sim.placeOrder("paid", 1, Map.of(sku, 3));

        await().atMost(Duration.ofSeconds(30)).until(() -> sim.zettleBalance(sku) == 5);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(3)).untilAsserted(() -> {
            assertThat(sim.zettleBalance(sku)).isEqualTo(5);
            assertThat(sim.zettleMovementsFor(sku)).isEqualTo(1);
        });
    }

    @Test
    void aZettleRejectionIsParkedWithItsReasonAndTheNextOrderStillFlows() {
        String rejected = newProduct(8);
        String next = newProduct(8);
        // a real, product-specific 400 from Zettle (a one-shot fault could hit another command's request)
        sim.zettleStopTracking(rejected);

        String orderId = sim.placeOrder("paid", 1, Map.of(rejected, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode entries = sim.syncLog(orderId);
            assertThat(entries.findValuesAsString("outcome")).contains("PARKED");
            assertThat(entries.toString()).contains("400");
        });
        sim.placeOrder("paid", 1, Map.of(next, 2));

        await().atMost(Duration.ofSeconds(20)).until(() -> sim.zettleBalance(next) == 6);
        assertThat(sim.zettleBalance(rejected)).isEqualTo(8);
    }

    /**
     * Consumers rest between polls to take bigger batches (possync-common.yml); once the platform is idle,
     * every group has committed all it handled, so a restart redelivers nothing.
     */
    @Test
    void onceIdleEveryConsumerGroupHasCommittedWhatItHandled() throws Exception {
        String mug = newProduct(10);
        sim.placeOrder("paid", 1, Map.of(mug, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sim.zettleBalance(mug)).isEqualTo(9));

        try (ConsumerLag lag = ConsumerLag.of(kafkaBootstrapServers)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lag.byGroupAndTopic())
                    .containsKeys("connector-shopify/" + Topics.WEBHOOKS_INBOUND.name(),
                            "sync-engine/" + Topics.ORDER_EVENTS.name(),
                            "connector-zettle/" + Topics.commands(SystemKind.ZETTLE).name())
                    .allSatisfy((groupAndTopic, uncommitted) -> assertThat(uncommitted).as(groupAndTopic).isZero()));
        }
    }

    private String newProduct(int balance) {
        String sku = "E2E-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        new DemoTenant(platform).seedProducts(List.of(new DemoTenant.DemoProduct(sku, sku, balance)));
        return sku;
    }

    private KafkaConsumer<String, WebhookEnvelope> inboundConsumerAtEnd() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, WebhookEnvelope> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.WEBHOOKS_INBOUND.serde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_INBOUND.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static String hmacBase64(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}

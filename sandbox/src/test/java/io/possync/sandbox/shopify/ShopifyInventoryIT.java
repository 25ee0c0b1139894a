package io.possync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.connector.shopify.ShopifyConnectorApplication;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topic;
import io.possync.schemas.kafka.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * connector-shopify's stock out (SetStockLevel → inventorySetQuantities) and stock in
 * (inventory_levels/update → StockChanged) against the Shopify simulator over real HTTP, an embedded
 * KRaft broker and mongo-java-server. Webhooks reach the connector through a stand-in for the gateway.
 */
@SpringBootTest(classes = ShopifyConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=connector-shopify",
                "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "spring.reactor.netty.shutdown-quiet-period=0s",
                "possync.shopify.retry.base-delay=50ms", "possync.shopify.retry.max-delay=500ms",
                "possync.kafka.listener-retries=2"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class ShopifyInventoryIT {

    private static final String TENANT = "tenant-shopify-it";
    /** Receives the shop's webhooks. */
    private static final String SHOP = "shopify-it";
    /** The same shop without webhooks, so that only the API tells it about changes. */
    private static final String SHOP_WITHOUT_HOOKS = "shopify-it-quiet";
    private static final String TOKEN = "shpat_it_token";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext simulator;
    private static WebTestClient sim;
    private static String simUrl;
    private static ShopifyWebhookForwarder forwarder;
    private static Recorder<CommandResult> results;
    private static Recorder<StockChanged> stock;

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private MongoConnectionStore connections;
    @Autowired
    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void simulatorConnectionsAndRecorders() {
        if (simulator == null) {
            simulator = ShopifySimulatorApplication.builder().run("--server.port=0",
                    "--spring.reactor.netty.shutdown-quiet-period=0s", "--sim.shopify.access-token=" + TOKEN,
                    "--sim.shopify.delivery.initial-backoff=100ms");
            simUrl = "http://localhost:" + ((WebServerApplicationContext) simulator).getWebServer().getPort();
            sim = WebTestClient.bindToServer().baseUrl(simUrl).responseTimeout(Duration.ofSeconds(20)).build();
            forwarder = new ShopifyWebhookForwarder(kafka, TENANT);
            post("/sim/subscriptions", Map.of("topic", "inventory_levels/update", "address", forwarder.url(SHOP)));
            results = new Recorder<>(broker, Topics.COMMAND_RESULTS);
            stock = new Recorder<>(broker, Topics.STOCK_EVENTS);
        }
        for (String id : List.of(SHOP, SHOP_WITHOUT_HOOKS)) {
            connections.save(new Connection(id, TENANT, SystemKind.SHOPIFY, simUrl, Map.of("accessToken", TOKEN),
                    "sim-client-secret", null, null)).block();
        }
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            results.close();
            stock.close();
            forwarder.close();
            simulator.close();
        }
    }

    @Test
    void setStockLevelSetsAvailableInShopify() {
        String sku = product(10);

        ConnectorCommand command = set(SHOP, sku, 4);
        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(result.getDetails()).containsEntry("level", "4").containsEntry("previousLevel", "10")
                .containsKey("inventoryItemId");
        assertThat(result.getHeader().getCausationId()).isEqualTo(command.getHeader().getEventId());
        assertThat(available(sku)).isEqualTo(4);
    }

    @Test
    void aBurstOf1000LevelsFor20SkusTakesAFewMutationsAndEndsExact() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            skus.add(product(50));
        }
        long mutationsBefore = calls("inventorySetQuantities");
        Random random = new Random(42);
        Map<String, Long> last = new HashMap<>();
        List<ConnectorCommand> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String sku = skus.get(i % skus.size());
            long level = random.nextInt(200);
            last.put(sku, level);
            burst.add(set(SHOP, sku, level));
        }

        CompletableFuture.allOf(burst.stream().map(c -> kafka.send(Topics.commands(SystemKind.SHOPIFY).name(),
                c.getTargetConnectionId(), c)).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<String> ids = burst.stream().map(ConnectorCommand::getCommandId).toList();
        await().atMost(WAIT).pollInSameThread().until(() -> results.all(r -> ids.contains(r.getCommandId())).size()
                >= ids.size());
        assertThat(results.all(r -> ids.contains(r.getCommandId()))).extracting(CommandResult::getStatus)
                .containsOnly(CommandStatus.APPLIED);
        Map<String, Long> inventory = inventory();
        last.forEach((sku, level) -> assertThat(inventory.get(sku)).as(sku).isEqualTo(level));
        assertThat(calls("inventorySetQuantities") - mutationsBefore).isBetween(1L, 10L);
    }

    @Test
    void aMerchantEditBetweenOurWritesIsReReadAndOverwritten() {
        String sku = product(10);
        ConnectorCommand first = set(SHOP_WITHOUT_HOOKS, sku, 6);
        send(first);
        assertThat(resultOf(first).getStatus()).isEqualTo(CommandStatus.APPLIED);
        post("/sim/inventory/" + sku, Map.of("available", 9));
        long mutationsBefore = calls("inventorySetQuantities");

        ConnectorCommand second = set(SHOP_WITHOUT_HOOKS, sku, 3);
        send(second);

        CommandResult result = resultOf(second);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(result.getDetails()).containsEntry("previousLevel", "9");
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(available(sku)).isEqualTo(3);
        assertThat(calls("inventorySetQuantities") - mutationsBefore).isEqualTo(2);
        assertThat(writesOf(sku)).extracting(w -> w.get("source").asString() + ":" + w.get("after").asLong())
                .containsExactly("api:6", "admin:9", "api:3");
    }

    @Test
    void anEmptyBucketMakesTheConnectorWaitNotPark() {
        String sku = product(10);
        post("/sim/graphql/bucket", Map.of("currentlyAvailable", 0, "restoreRate", 50));
        try {
            ConnectorCommand command = set(SHOP_WITHOUT_HOOKS, sku, 7);
            long started = System.nanoTime();
            send(command);

            CommandResult result = resultOf(command);
            assertThat(result.getStatus()).isEqualTo(CommandStatus.APPLIED);
            assertThat(available(sku)).isEqualTo(7);
            // the SKU search alone costs 32 points, which an empty bucket restores in 640 ms at 50/s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(600));
        } finally {
            post("/sim/graphql/bucket", Map.of("size", 2000, "restoreRate", 100, "currentlyAvailable", 2000));
        }
    }

    @Test
    void ambiguousAndUnknownSkusAreParkedWithTheirReasonAndTheRestIsWritten() {
        String duplicated = "DUP-" + UUID.randomUUID();
        productWithSku(duplicated, 5);
        productWithSku(duplicated, 6);
        String unknown = "NONE-" + UUID.randomUUID();
        String fine = product(10);
        ConnectorCommand ambiguous = set(SHOP, duplicated, 1);
        ConnectorCommand missing = set(SHOP, unknown, 1);
        ConnectorCommand good = set(SHOP, fine, 2);

        send(ambiguous);
        send(missing);
        send(good);

        assertThat(resultOf(ambiguous).getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(resultOf(ambiguous).getReason()).contains("not unique");
        assertThat(resultOf(missing).getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(resultOf(missing).getReason()).contains("not found");
        assertThat(resultOf(good).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(writesOf(duplicated)).isEmpty();
        assertThat(available(fine)).isEqualTo(2);
    }

    @Test
    void aMerchantEditInTheAdminBecomesStockChanged() {
        String sku = product(10);

        post("/sim/inventory/" + sku, Map.of("available", 17));

        StockChanged change = awaitStock(c -> c.getSku().equals(sku));
        assertThat(change.getLevel()).isEqualTo(17);
        assertThat(change.getHeader().getConnectionId()).isEqualTo(SHOP);
        assertThat(change.getHeader().getTenantId()).isEqualTo(TENANT);
        assertThat(change.getSourceVersion()).isNotBlank();
        assertThat(change.getLocationRef()).startsWith("gid://shopify/Location/");
    }

    /**
     * Shopify's updated_at has whole seconds: of two edits within one, delivered newest first, the older one
     * arriving last cannot be told older. The connector reads the level then, so the last level it publishes
     * is the one Shopify holds.
     */
    @Test
    void twoEditsWithinOneSecondDeliveredNewestFirstEndWithTheLevelShopifyHolds() {
        String sku = product(10);
        forwarder.holdNext(2);
        // early in a second, so that both edits share it
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getNano() < 300_000_000);
        post("/sim/inventory/" + sku, Map.of("available", 15));
        post("/sim/inventory/" + sku, Map.of("available", 13));
        assertThat(writesOf(sku)).extracting(w -> Instant.parse(w.get("at").asString()).getEpochSecond())
                .as("both edits in one second").containsOnly(Instant.parse(writesOf(sku).get(0).get("at").asString())
                        .getEpochSecond());
        List<WebhookEnvelope> held = await().atMost(WAIT).until(forwarder::held, h -> h.size() == 2);

        forwarder.release(held.stream().sorted(Comparator.comparing(ShopifyInventoryIT::available)).toList());

        await().atMost(WAIT).pollInSameThread().until(() -> stock.all(c -> c.getSku().equals(sku)).size() == 2);
        assertThat(stock.all(c -> c.getSku().equals(sku))).extracting(StockChanged::getLevel)
                .as("the newest first, then the level read in place of the older one").containsExactly(13L, 13L);
    }

    private static long available(WebhookEnvelope delivery) {
        ByteBuffer body = delivery.getBody().duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return JSON.readTree(bytes).path("available").asLong();
    }

    @Test
    void theEchoOfOurOwnWriteIsNotPublished() {
        String sku = product(10);
        ConnectorCommand command = set(SHOP, sku, 5);
        send(command);
        assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
        // every delivery answered means the echo is on the topic, ahead of what follows for this shop
        await().atMost(WAIT).until(() -> get("/sim/deliveries").valueStream()
                .allMatch(d -> d.get("state").asString().equals("DELIVERED")));

        post("/sim/inventory/" + sku, Map.of("available", 8));

        awaitStock(c -> c.getSku().equals(sku) && c.getLevel() == 8);
        assertThat(stock.all(c -> c.getSku().equals(sku))).extracting(StockChanged::getLevel).containsExactly(8L);
    }

    @Test
    void adjustStockAppliesItsDeltaOnceThoughDeliveredTwiceAndTheShopsReportOfItIsPublished() {
        String sku = product(10);
        post("/sim/inventory/" + sku, Map.of("available", 9));
        ConnectorCommand command = adjust(SHOP, sku, -2);

        send(command);
        assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
        send(command);

        await().atMost(WAIT).pollInSameThread().until(() ->
                results.all(r -> r.getCommandId().equals(command.getCommandId())).size() == 2);
        CommandResult again = results.all(r -> r.getCommandId().equals(command.getCommandId())).get(1);
        assertThat(again.getStatus()).isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(resultOf(command).getDetails()).containsEntry("delta", "-2").containsEntry("levelAfter", "7");
        assertThat(available(sku)).isEqualTo(7);
        assertThat(writesOf(sku)).extracting(w -> w.get("source").asString()).containsExactly("admin", "api");
        // not a write of ours in the echo sense: the engine, which knows the adjustment, must see it
        awaitStock(c -> c.getSku().equals(sku) && c.getLevel() == 7);
    }

    private static ConnectorCommand adjust(String connectionId, String sku, int delta) {
        ConnectorCommand command = set(connectionId, sku, 0);
        command.setAction(new AdjustStock(sku, delta, StockChangeReason.MASTER_SYNC, null, null));
        return command;
    }

    private String product(long available) {
        String sku = "SKU-" + UUID.randomUUID();
        productWithSku(sku, available);
        return sku;
    }

    private void productWithSku(String sku, long available) {
        sim.post().uri("/sim/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Product " + sku, "variants", List.of(Map.of("sku", sku, "available", available))))
                .exchange().expectStatus().isCreated();
    }

    private static ConnectorCommand set(String connectionId, String sku, long level) {
        String id = UUID.randomUUID().toString();
        return ConnectorCommand.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("ev-" + id).setTenantId(TENANT)
                        .setConnectionId(connectionId).setSourceSystem(SystemKind.ZETTLE).setOccurredAt(Instant.now())
                        .setCorrelationId("corr-" + id).build())
                .setCommandId(id)
                .setTargetConnectionId(connectionId)
                .setTargetSystem(SystemKind.SHOPIFY)
                .setAction(new SetStockLevel(sku, level, null, StockChangeReason.MASTER_SYNC))
                .build();
    }

    private void send(ConnectorCommand command) {
        try {
            kafka.send(Topics.commands(SystemKind.SHOPIFY).name(), command.getTargetConnectionId(), command)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + command.getCommandId(), e);
        }
    }

    private static CommandResult resultOf(ConnectorCommand command) {
        await().atMost(WAIT).pollInSameThread().until(() ->
                !results.all(r -> r.getCommandId().equals(command.getCommandId())).isEmpty());
        return results.all(r -> r.getCommandId().equals(command.getCommandId())).get(0);
    }

    private static StockChanged awaitStock(Predicate<StockChanged> matches) {
        await().atMost(WAIT).pollInSameThread().until(() -> !stock.all(matches).isEmpty());
        return stock.all(matches).get(0);
    }

    private static long available(String sku) {
        return inventory().get(sku);
    }

    private static Map<String, Long> inventory() {
        Map<String, Long> levels = new HashMap<>();
        get("/sim/inventory").properties().forEach(e -> levels.put(e.getKey(), e.getValue().asLong()));
        return levels;
    }

    private static List<JsonNode> writesOf(String sku) {
        return get("/sim/inventory-writes").valueStream().filter(w -> sku.equals(w.get("sku").asString())).toList();
    }

    private static long calls(String field) {
        return get("/sim/graphql/stats").path("calls").path(field).asLong(0);
    }

    private static JsonNode get(String path) {
        return JSON.readTree(sim.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private static void post(String path, Object body) {
        sim.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().is2xxSuccessful();
    }

    /** Reads one topic from the start and keeps every record; poll it from one thread. */
    private static final class Recorder<T extends SpecificRecord> implements AutoCloseable {

        private final KafkaConsumer<String, T> consumer;
        private final List<T> records = new ArrayList<>();

        Recorder(EmbeddedKafkaBroker broker, Topic<T> topic) {
            Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "it-" + UUID.randomUUID(), false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AvroSingleObjectDeserializer<>(topic.type()));
            consumer.subscribe(List.of(topic.name()));
        }

        List<T> all(Predicate<T> matches) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
            return records.stream().filter(matches).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}

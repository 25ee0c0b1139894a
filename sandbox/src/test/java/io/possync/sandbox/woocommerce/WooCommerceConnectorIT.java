package io.possync.sandbox.woocommerce;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.kafka.PlatformValueSerializer;
import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.connector.woocommerce.WooCommerceConnectorApplication;
import io.possync.connector.woocommerce.poll.MongoPollCursors;
import io.possync.connector.woocommerce.poll.WooOrderPoller;
import io.possync.connector.woocommerce.poll.WooStockPoller;
import io.possync.gateway.WebhookGatewayApplication;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Mono;

/**
 * The WooCommerce connector end to end: the simulator's signed webhooks through the real webhook
 * gateway onto an embedded KRaft broker, the orders poll and the stock commands against the
 * simulator over real HTTP (OAuth 1.0a, plain HTTP), state in mongo-java-server.
 */
@SpringBootTest(classes = WooCommerceConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=connector-woocommerce",
                "possync.crypto.key=" + WooCommerceConnectorIT.CRYPTO_KEY,
                "spring.reactor.netty.shutdown-quiet-period=0s",
                "possync.woocommerce.poll-interval=1h",
                "possync.woocommerce.requests-per-second=50", "possync.woocommerce.burst=50",
                // a poll takes one batch call's worth by default; the burst test's poll of 160 shows the
                // writer's coalescing and chunking within one poll
                "possync.woocommerce.commands.max-poll-records=500",
                "possync.woocommerce.retry.base-delay=50ms", "possync.woocommerce.retry.max-delay=500ms",
                "possync.kafka.listener-retries=2"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class WooCommerceConnectorIT {

    static final String CRYPTO_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String CONNECTION = "woo-it";
    private static final String TENANT = "tenant-woo";
    private static final String HOOK_SECRET = "wc-hook-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RunningWooSimulator sim;
    private static ConfigurableApplicationContext gateway;
    private static TopicRecorder<OrderPlaced> orders;
    private static TopicRecorder<StockChanged> stock;
    private static TopicRecorder<CommandResult> results;
    private static TopicRecorder<ConnectorCommand> deadLetters;

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private MongoConnectionStore connections;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private MongoDatabase database;
    @Autowired
    private KafkaListenerEndpointRegistry listeners;
    @Autowired
    private WooOrderPoller poller;
    @Autowired
    private WooStockPoller stockPoller;
    @Autowired
    private Environment environment;

    @BeforeAll
    static void startSimulator() {
        sim = new RunningWooSimulator();
    }

    @AfterAll
    static void stop() {
        if (orders != null) {
            orders.close();
            stock.close();
            results.close();
            deadLetters.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    @BeforeEach
    void gatewayConnectionAndWebhooks() {
        connections.save(new Connection(CONNECTION, TENANT, SystemKind.WOOCOMMERCE, sim.url(),
                Map.of("consumerKey", RunningWooSimulator.KEY, "consumerSecret", RunningWooSimulator.SECRET),
                HOOK_SECRET, null, null)).block();
        if (gateway == null) {
            gateway = WebhookGatewayApplication.builder().run("--server.port=0",
                    "--spring.reactor.netty.shutdown-quiet-period=0s",
                    "--spring.kafka.bootstrap-servers=" + environment.getProperty("spring.kafka.bootstrap-servers"),
                    "--spring.mongodb.uri=" + environment.getProperty("spring.mongodb.uri"),
                    "--possync.crypto.key=" + CRYPTO_KEY);
            String hooks = "http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort()
                    + "/webhooks/woocommerce/" + CONNECTION;
            for (String topic : List.of("order.created", "order.updated", "product.updated")) {
                sim.webhook(topic, hooks, HOOK_SECRET);
            }
            orders = new TopicRecorder<>(broker, Topics.ORDER_EVENTS, "it-orders");
            stock = new TopicRecorder<>(broker, Topics.STOCK_EVENTS, "it-stock");
            results = new TopicRecorder<>(broker, Topics.COMMAND_RESULTS, "it-results");
            deadLetters = new TopicRecorder<>(broker, Topics.commands(SystemKind.WOOCOMMERCE).dlt(), "it-dlt");
        }
    }

    @Test
    void paidOrderWebhookBecomesAPaidWebOrderEvent() {
        sim.product("Kaffe øko", "WEB-1", 10);

        String orderId = sim.paidOrder("WEB-1", 2).path("id").asString();

        OrderPlaced paid = awaitOne(orders, o -> o.getOrderId().equals(orderId) && o.getState() == OrderState.PAID);
        assertThat(paid.getHeader().getTenantId()).isEqualTo(TENANT);
        assertThat(paid.getHeader().getConnectionId()).isEqualTo(CONNECTION);
        assertThat(paid.getHeader().getCausationId()).isNotNull();
        assertThat(paid.getSourceStatus()).isEqualTo("processing");
        assertThat(paid.getTotalMinor()).isEqualTo(9960L);
        assertThat(paid.getLines()).singleElement().satisfies(line -> {
            assertThat(line.getSku()).isEqualTo("WEB-1");
            assertThat(line.getQuantity()).isEqualTo(2);
            assertThat(line.getUnitPriceMinor()).isEqualTo(4980L);
        });
    }

    @Test
    void stockChangeWebhookBecomesAStockEvent() {
        sim.product("Krus", "STOCK-1", 5);

        sim.paidOrder("STOCK-1", 2);

        StockChanged level = awaitOne(stock, s -> s.getSku().equals("STOCK-1"));
        assertThat(level.getLevel()).isEqualTo(3L);
        assertThat(level.getHeader().getConnectionId()).isEqualTo(CONNECTION);
        assertThat(level.getSourceVersion()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void pollHealsADroppedOrderWebhookAndAVersionSeenBothWaysIsOneEvent() {
        sim.product("Te", "POLL-1", 10);
        sim.product("Kande", "POLL-2", 10);
        String delivered = sim.paidOrder("POLL-2", 1).path("id").asString();
        OrderPlaced byWebhook = awaitOne(orders, o -> o.getOrderId().equals(delivered) && o.getState() == OrderState.PAID);
        sim.post("/sim/webhooks/drop-next", Map.of("count", 1000));
        String dropped = sim.paidOrder("POLL-1", 1).path("id").asString();
        await().atMost(WAIT).until(() -> droppedTopicsOf(dropped).containsAll(Set.of("order.created", "order.updated")));
        sim.http().delete().uri("/sim/webhooks/drop-next").exchange().expectStatus().isNoContent();
        assertThat(orders.all(o -> o.getOrderId().equals(dropped))).isEmpty();

        poller.pollOrders(connections.find(CONNECTION).block());

        OrderPlaced healed = awaitOne(orders, o -> o.getOrderId().equals(dropped));
        assertThat(healed.getState()).isEqualTo(OrderState.PAID);
        assertThat(healed.getHeader().getCausationId()).isNull();
        List<OrderPlaced> sameVersion = await().atMost(WAIT).pollInSameThread().until(() -> orders.all(o ->
                o.getOrderId().equals(delivered) && o.getUpdatedAt().equals(byWebhook.getUpdatedAt())), l -> l.size() >= 2);
        assertThat(sameVersion).extracting(o -> o.getHeader().getEventId()).containsOnly(byWebhook.getHeader().getEventId());
        Document cursor = Mono.from(database.getCollection(MongoPollCursors.COLLECTION)
                .find(eq("_id", CONNECTION + "|orders")).first()).block();
        assertThat(cursor).isNotNull();
        assertThat(cursor.getDate("watermark").toInstant()).isAfterOrEqualTo(healed.getUpdatedAt());
    }

    @Test
    void stockPollPublishesEveryManagedLevelOfProductsAndVariationsAsTheWebhookWould() {
        sim.product("Skaal", "SPOLL-1", 4);
        sim.variableProduct("Hue", Map.of("SPOLL-V1", 2, "SPOLL-V2", 6));

        int published = stockPoller.poll(connections.find(CONNECTION).block());

        assertThat(published).isGreaterThanOrEqualTo(3);
        for (Map.Entry<String, Long> expected : Map.of("SPOLL-1", 4L, "SPOLL-V1", 2L, "SPOLL-V2", 6L).entrySet()) {
            StockChanged level = awaitOne(stock, e -> e.getSku().equals(expected.getKey()));
            assertThat(level.getLevel()).isEqualTo(expected.getValue());
            assertThat(level.getHeader().getCausationId()).as("a poll's finding has no causing delivery").isNull();
            assertThat(level.getSourceVersion()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        }
    }

    @Test
    void burstOf150SkusIsWrittenInTwoBatchCallsWithTheLatestLevelPerSku() {
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            sim.product("Burst " + i, "BURST-" + i, 0);
            expected.put("BURST-" + i, 100 + i);
        }
        List<ConnectorCommand> superseded = new ArrayList<>();
        List<ConnectorCommand> latest = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            superseded.add(set("BURST-" + i, 1));
        }
        expected.forEach((sku, level) -> latest.add(set(sku, level)));
        long batchesBefore = sim.batchRequests();

        List<ConnectorCommand> burst = new ArrayList<>(superseded);
        burst.addAll(latest);
        sendAsOneBatch(burst);

        Set<String> ids = new java.util.HashSet<>();
        superseded.forEach(c -> ids.add(c.getCommandId()));
        latest.forEach(c -> ids.add(c.getCommandId()));
        List<CommandResult> all = await().atMost(WAIT).pollInSameThread()
                .until(() -> results.all(r -> ids.contains(r.getCommandId())), l -> l.size() >= 160);
        assertThat(all).hasSize(160).allMatch(r -> r.getStatus() == CommandStatus.APPLIED);
        Map<String, CommandResult> byId = all.stream().collect(Collectors.toMap(CommandResult::getCommandId, r -> r));
        assertThat(byId.get(superseded.get(0).getCommandId()).getDetails())
                .containsEntry("superseded", latest.get(latestIndexOf(latest, "BURST-0")).getCommandId());
        assertThat(byId.get(latest.get(0).getCommandId()).getDetails()).containsKey("level");
        assertThat(sim.batchRequests() - batchesBefore).isLessThanOrEqualTo(2);
        expected.forEach((sku, level) -> assertThat(sim.stock(sku)).as(sku).isEqualTo(level));
        assertThat(sim.get("/sim/stock-writes").findValuesAsString("sku")).filteredOn("BURST-0"::equals).hasSize(1);
    }

    @Test
    void perItemErrorParksOnlyThatSku() {
        sim.product("Locked", "ITEM-BAD", 4);
        sim.product("Fine", "ITEM-OK", 4);
        sim.post("/sim/item-errors", Map.of("sku", "ITEM-BAD", "code", "woocommerce_rest_invalid_stock",
                "message", "Stock is locked."));
        ConnectorCommand bad = set("ITEM-BAD", 9);
        ConnectorCommand good = set("ITEM-OK", 9);

        MessageListenerContainer container = pausedCommandListener();
        send(bad);
        send(good);
        container.resume();

        CommandResult parked = resultOf(bad);
        assertThat(parked.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(parked.getReason()).contains("woocommerce_rest_invalid_stock").contains("Stock is locked.");
        assertThat(resultOf(good).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(sim.stock("ITEM-BAD")).isEqualTo(4);
        assertThat(sim.stock("ITEM-OK")).isEqualTo(9);
        await().atMost(WAIT).pollInSameThread().until(() -> deadLetters.all(c ->
                c.getCommandId().equals(bad.getCommandId())), l -> l.size() == 1);
    }

    @Test
    void unknownSkuIsParkedAndAVariationSkuIsWrittenOnTheVariation() {
        Instant startedAt = Instant.now();
        sim.variableProduct("T-shirt", Map.of("TEE-S", 1, "TEE-M", 2));
        ConnectorCommand unknown = set("NO-SUCH-SKU", 3);
        ConnectorCommand variation = set("TEE-M", 7);

        send(unknown);
        send(variation);

        CommandResult parked = resultOf(unknown);
        assertThat(parked.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(parked.getReason()).contains("NO-SUCH-SKU").contains("matches no product");
        CommandResult applied = resultOf(variation);
        assertThat(applied.getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(applied.getDetails()).containsKey("variationId").containsEntry("level", "7");
        assertThat(Instant.parse(applied.getDetails().get("changedAt"))).as("the store's date_modified_gmt of the write")
                .isBetween(startedAt.truncatedTo(ChronoUnit.SECONDS), Instant.now());
        assertThat(sim.stock("TEE-M")).isEqualTo(7);
        assertThat(sim.stock("TEE-S")).isEqualTo(1);
        Document mapping = Mono.from(database.getCollection("mappings").find(eq("_id", CONNECTION + "|TEE-M")).first())
                .block();
        assertThat(mapping).isNotNull();
        assertThat(mapping.get("wooVariationId")).isNotNull();
    }

    @Test
    void adjustStockWritesTheReadLevelPlusTheDeltaOnceThoughDeliveredTwice() {
        sim.product("Kande", "ADJ-1", 10);
        sim.variableProduct("Hue", Map.of("ADJ-S", 4));
        ConnectorCommand product = adjust("ADJ-1", -3);
        ConnectorCommand variation = adjust("ADJ-S", 2);

        send(product);
        send(variation);
        assertThat(resultOf(product).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(resultOf(variation).getDetails()).containsEntry("levelAfter", "6");
        send(product);

        await().atMost(WAIT).pollInSameThread().until(() ->
                results.all(r -> r.getCommandId().equals(product.getCommandId())).size() == 2);
        assertThat(results.all(r -> r.getCommandId().equals(product.getCommandId())).get(1).getStatus())
                .isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(sim.stock("ADJ-1")).isEqualTo(7);
        assertThat(sim.stock("ADJ-S")).isEqualTo(6);
    }

    private static ConnectorCommand adjust(String sku, int delta) {
        ConnectorCommand command = set(sku, 0);
        command.setAction(new AdjustStock(sku, delta, StockChangeReason.MASTER_SYNC, null, null));
        return command;
    }

    /** Pausing takes effect at the container's next poll; until then a poll under way may still take records. */
    private MessageListenerContainer pausedCommandListener() {
        MessageListenerContainer container = listeners.getListenerContainer("woocommerce-commands");
        container.pause();
        await().atMost(WAIT).until(container::isContainerPaused);
        return container;
    }

    private static Set<String> droppedTopicsOf(String orderId) {
        Set<String> topics = new java.util.HashSet<>();
        sim.get("/sim/deliveries").forEach(d -> {
            if (d.path("resourceId").asString().equals(orderId) && d.path("outcome").asString().equals("dropped")) {
                topics.add(d.path("topic").asString());
            }
        });
        return topics;
    }

    private CommandResult resultOf(ConnectorCommand command) {
        return awaitOne(results, r -> r.getCommandId().equals(command.getCommandId()));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T awaitOne(TopicRecorder<T> recorder,
                                                                                  Predicate<T> matches) {
        return await().atMost(WAIT).pollInSameThread().until(() -> recorder.all(matches), l -> !l.isEmpty()).get(0);
    }

    private static int latestIndexOf(List<ConnectorCommand> commands, String sku) {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (((SetStockLevel) commands.get(i).getAction()).getSku().equals(sku)) {
                return i;
            }
        }
        throw new IllegalArgumentException(sku);
    }

    /**
     * One producer batch is one append to the log, so the listener's poll sees the whole burst or
     * none of it (a fetch under way could otherwise return the first records alone).
     */
    private void sendAsOneBatch(List<ConnectorCommand> commands) {
        Map<String, Object> config = new HashMap<>(KafkaTestUtils.producerProps(broker));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 4 * 1024 * 1024);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(),
                new PlatformValueSerializer())) {
            commands.forEach(c -> producer.send(new ProducerRecord<>(Topics.commands(SystemKind.WOOCOMMERCE).name(),
                    CONNECTION, c)));
            producer.flush();
        }
    }

    private void send(ConnectorCommand command) {
        kafka.send(Topics.commands(SystemKind.WOOCOMMERCE).name(), CONNECTION, command).join();
    }

    private static ConnectorCommand set(String sku, long level) {
        String id = UUID.randomUUID().toString();
        return ConnectorCommand.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString()).setTenantId(TENANT)
                        .setConnectionId(CONNECTION).setSourceSystem(SystemKind.ZETTLE).setOccurredAt(Instant.now())
                        .setCorrelationId(id).build())
                .setCommandId(id).setTargetConnectionId(CONNECTION).setTargetSystem(SystemKind.WOOCOMMERCE)
                .setAction(new SetStockLevel(sku, level, null, StockChangeReason.MASTER_SYNC))
                .build();
    }
}

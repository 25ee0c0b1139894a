package io.possync.engine;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.engine.flow.StockResultProcessor;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stock kept in step over the real broker and Mongo wire server: tenant t-stock runs flow 1a over
 * webshops shop-a (Shopify) and shop-b (WooCommerce) and POS pos-1; tenant t-master runs 1c with
 * m-shop-a as stock master. Each test uses its own SKU, so tests do not see each other's commands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-engine",
        "possync.crypto.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "possync.admin.token=it-token",
        "possync.flows.cache-ttl=0s",
        // held transfers are released by the results each test reports, or by calling the timer's work
        "possync.engine.transfer-hold-max=60s", "possync.engine.transfer-hold-tick=1h",
        "spring.reactor.netty.shutdown-quiet-period=0s",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockSyncIT {

    private static final String TENANT = "t-stock";
    private static final String MASTER_TENANT = "t-master";

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private MongoDatabase possyncDatabase;
    @Autowired
    private WebTestClient web;
    @Autowired
    private MongoTransferHolds transferHolds;
    @Autowired
    private StockResultProcessor stockResults;

    private Consumer<String, ConnectorCommand> commandConsumer;
    private final List<ConsumerRecord<String, ConnectorCommand>> commands = new ArrayList<>();

    @BeforeAll
    void setUpTenantsWithFlows() {
        web = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer it-token").build();
        tenantWith(TENANT, "shop-a", "shop-b", "pos-1");
        put("/api/tenants/" + TENANT + "/flows/stock", Map.of("template", "POS_MASTER",
                "webshopConnectionIds", List.of("shop-a", "shop-b"), "posConnectionId", "pos-1"));
        tenantWith(MASTER_TENANT, "m-shop-a", "m-shop-b", "m-pos");
        put("/api/tenants/" + MASTER_TENANT + "/flows/master", Map.of("template", "WEBSHOP_MASTER",
                "webshopConnectionIds", List.of("m-shop-a", "m-shop-b"), "posConnectionId", "m-pos",
                "stockMasterConnectionId", "m-shop-a"));
        commandConsumer = new KafkaConsumer<>(KafkaTestUtils.consumerProps(broker, "it-stock-commands", false),
                new StringDeserializer(), Topics.commands(SystemKind.ZETTLE).serde().deserializer());
        commandConsumer.subscribe(List.of(Topics.commands(SystemKind.ZETTLE).name(),
                Topics.commands(SystemKind.SHOPIFY).name(), Topics.commands(SystemKind.WOOCOMMERCE).name()));
    }

    @AfterAll
    void closeConsumer() {
        commandConsumer.close();
    }

    @Test
    void posLevelReachesBothWebshops() {
        StockChanged level = pos("SKU-1", 10, 1, "p1");

        publish(level);

        List<ConsumerRecord<String, ConnectorCommand>> sent = exactlyCommandsFor("SKU-1", 2);
        assertThat(sent).extracting(r -> r.topic() + "/" + r.key() + "=" + setLevel(r).getLevel())
                .containsExactlyInAnyOrder("commands.shopify/shop-a=10", "commands.woocommerce/shop-b=10");
        assertThat(sent).allSatisfy(r -> assertThat(setLevel(r).getReason()).isEqualTo(StockChangeReason.MASTER_SYNC));
        assertThat(decisionsOf(level)).containsExactlyInAnyOrder("SET_STOCK_LEVEL", "SET_STOCK_LEVEL");
    }

    @Test
    void orderInWebshopADrawsThePosAndLowersWebshopB() {
        publish(pos("SKU-2", 10, 1, "p1"));
        reportWritten(exactlyCommandsFor("SKU-2", 2));
        OrderPlaced order = TestOrders.order(TENANT, "shop-a", "3001", OrderState.PAID, 1, SalesChannel.WEB,
                List.of(TestOrders.line("L1", "SKU-2", 3)));

        send(Topics.ORDER_EVENTS.name(), Topics.eventKey(TENANT, order.getOrderId()), order);

        List<ConsumerRecord<String, ConnectorCommand>> sent = exactlyCommandsFor("SKU-2", 5);
        assertThat(sent.subList(2, 5)).extracting(StockSyncIT::describe).containsExactlyInAnyOrder(
                "pos-1 move -3", "shop-a level 7", "shop-b level 7");
        assertThat(sent).filteredOn(r -> r.key().equals("shop-b")).extracting(r -> setLevel(r).getExpectedCurrent())
                .containsExactly(null, 10L);
    }

    @Test
    void posLevelWithoutThePendingOrderDoesNotRaiseTheWebshops() {
        // the level is decided before the order arrives (stock changes wait for the coalescing window)
        StockChanged level = pos("SKU-3", 10, 1, "p1");
        publish(level);
        awaitProcessed(level);
        reportWritten(exactlyCommandsFor("SKU-3", 2));
        OrderPlaced order = TestOrders.order(TENANT, "shop-a", "3002", OrderState.PAID, 1, SalesChannel.WEB,
                List.of(TestOrders.line("L1", "SKU-3", 2)));
        send(Topics.ORDER_EVENTS.name(), Topics.eventKey(TENANT, order.getOrderId()), order);
        exactlyCommandsFor("SKU-3", 5);
        String transfer = DeterministicIds.transferCommandId(DeterministicIds.lineKey(TENANT, "stock", "3002", "L1"));

        send(Topics.COMMAND_RESULTS.name(), "pos-1", TestStock.result(TENANT, "pos-1", SystemKind.ZETTLE, transfer,
                CommandStatus.APPLIED, 100, Map.of()));
        await().atMost(15, TimeUnit.SECONDS).until(() -> reservation("SKU-3", transfer) != null
                && reservation("SKU-3", transfer).get("appliedAt") != null);
        StockChanged notYetIncluded = pos("SKU-3", 10, 50, "p2");
        publish(notYetIncluded);
        awaitProcessed(notYetIncluded);

        assertThat(reservation("SKU-3", transfer)).as("reservation kept: the level predates the transfer").isNotNull();
        assertThat(exactlyCommandsFor("SKU-3", 5)).extracting(StockSyncIT::describe).containsExactlyInAnyOrder(
                "shop-a level 10", "shop-b level 10", "pos-1 move -2", "shop-a level 8", "shop-b level 8");

        StockChanged included = pos("SKU-3", 8, 150, "p3");
        publish(included);
        awaitProcessed(included);

        // the sync log is written before the ledger's compare-and-set, so the release may land a moment later
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(reservation("SKU-3", transfer))
                .as("released by a level newer than the transfer").isNull());
        assertThat(exactlyCommandsFor("SKU-3", 5)).hasSize(5);
        assertThat(decisionsOf(included)).containsOnly("SKIP_LEVEL_UNCHANGED");
    }

    @Test
    void orderWhileWebshopLevelsAreUnreportedIsTransferredOnlyOnceItsLoweredLevelsReport() {
        publish(pos("SKU-H1", 10, 1, "p1"));
        List<ConsumerRecord<String, ConnectorCommand>> older = exactlyCommandsFor("SKU-H1", 2);
        OrderPlaced order = TestOrders.order(TENANT, "shop-a", "3101", OrderState.PAID, 1, SalesChannel.WEB,
                List.of(TestOrders.line("L1", "SKU-H1", 3)));

        send(Topics.ORDER_EVENTS.name(), Topics.eventKey(TENANT, order.getOrderId()), order);

        List<ConsumerRecord<String, ConnectorCommand>> lowered = exactlyCommandsFor("SKU-H1", 4).subList(2, 4);
        assertThat(lowered).extracting(StockSyncIT::describe)
                .containsExactlyInAnyOrder("shop-a level 7", "shop-b level 7");
        assertThat(lineStatus("3101")).isEqualTo("HELD");
        reportWritten(older);
        reportWritten(lowered.subList(0, 1));
        assertThat(exactlyCommandsFor("SKU-H1", 4)).as("one webshop's lowered level may still be behind").hasSize(4);

        reportWritten(lowered.subList(1, 2));

        assertThat(exactlyCommandsFor("SKU-H1", 5).get(4)).extracting(StockSyncIT::describe)
                .isEqualTo("pos-1 move -3");
        await().atMost(15, TimeUnit.SECONDS).until(() -> "TRANSFERRED".equals(lineStatus("3101")));
        assertThat(decisionsOfOrder("3101")).contains("TRANSFER_HELD", "TRANSFER_LINE");
        assertThat(transferHolds.dueBy(Instant.now().plus(Duration.ofDays(1))).collectList().block())
                .extracting(MongoTransferHolds.Due::sku).doesNotContain("SKU-H1");
    }

    @Test
    void heldTransferWhoseResultsNeverComeIsSentWhenItsWaitEnds() {
        publish(pos("SKU-H2", 10, 1, "p1"));
        exactlyCommandsFor("SKU-H2", 2);
        OrderPlaced order = TestOrders.order(TENANT, "shop-a", "3102", OrderState.PAID, 1, SalesChannel.WEB,
                List.of(TestOrders.line("L1", "SKU-H2", 4)));
        send(Topics.ORDER_EVENTS.name(), Topics.eventKey(TENANT, order.getOrderId()), order);
        exactlyCommandsFor("SKU-H2", 4);
        List<MongoTransferHolds.Due> due = transferHolds.dueBy(Instant.now().plus(Duration.ofDays(1))).collectList()
                .block().stream().filter(d -> d.sku().equals("SKU-H2")).toList();
        assertThat(due).hasSize(1);

        stockResults.expire(due, Duration.ofSeconds(60));

        assertThat(exactlyCommandsFor("SKU-H2", 5).get(4)).extracting(StockSyncIT::describe)
                .isEqualTo("pos-1 move -4");
        assertThat(lineStatus("3102")).isEqualTo("TRANSFERRED");
        Document entry = Mono.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION)
                .find(eq("_id", due.get(0).transferId())).first()).block();
        assertThat(entry.getString("reason")).contains("sent anyway");
        assertThat(transferHolds.dueBy(Instant.now().plus(Duration.ofDays(1))).collectList().block())
                .extracting(MongoTransferHolds.Due::sku).doesNotContain("SKU-H2");
    }

    @Test
    void duplicatedAndReorderedStockChangesHaveOneEffect() {
        StockChanged newer = pos("SKU-4", 10, 20, "p2");
        StockChanged older = pos("SKU-4", 7, 10, "p1");

        publish(newer, newer, older, newer);

        awaitProcessed(newer, older);
        assertThat(exactlyCommandsFor("SKU-4", 2)).extracting(StockSyncIT::describe)
                .containsExactlyInAnyOrder("shop-a level 10", "shop-b level 10");
        assertThat(decisionsOf(older)).containsExactly("SKIP_STALE");
        await().atMost(10, TimeUnit.SECONDS).until(() -> decisionsOf(newer).contains("SKIP_DUPLICATE"));
    }

    @Test
    void webshopDriftIsRepairedAndTheEchoDropped() {
        publish(pos("SKU-5", 10, 1, "p1"));
        exactlyCommandsFor("SKU-5", 2);
        StockChanged echo = TestStock.stock(TENANT, "shop-a", SystemKind.SHOPIFY, "SKU-5", 10, 2, "w1");
        StockChanged drift = TestStock.stock(TENANT, "shop-b", SystemKind.WOOCOMMERCE, "SKU-5", 3, 2, "b1");

        publish(echo, drift);

        awaitProcessed(echo, drift);
        assertThat(decisionsOf(echo)).containsExactly("SKIP_ECHO");
        assertThat(decisionsOf(drift)).containsExactly("DRIFT_REPAIRED");
        List<ConsumerRecord<String, ConnectorCommand>> sent = exactlyCommandsFor("SKU-5", 3);
        assertThat(describe(sent.get(2))).isEqualTo("shop-b level 10");
        assertThat(setLevel(sent.get(2)).getExpectedCurrent()).isEqualTo(3L);
    }

    @Test
    void parkedLevelIsSentAgainOnTheNextChangeAndAppliedLevelIsConfirmed() {
        StockChanged first = pos("SKU-6", 10, 1, "p1");
        publish(first);
        List<ConsumerRecord<String, ConnectorCommand>> sent = exactlyCommandsFor("SKU-6", 2);
        ConnectorCommand toA = sent.stream().filter(r -> r.key().equals("shop-a")).findFirst().orElseThrow().value();
        ConnectorCommand toB = sent.stream().filter(r -> r.key().equals("shop-b")).findFirst().orElseThrow().value();

        send(Topics.COMMAND_RESULTS.name(), "shop-a", TestStock.result(TENANT, "shop-a", SystemKind.SHOPIFY,
                toA.getCommandId(), CommandStatus.APPLIED, 2, Map.of("level", "10")));
        send(Topics.COMMAND_RESULTS.name(), "shop-b", TestStock.result(TENANT, "shop-b", SystemKind.WOOCOMMERCE,
                toB.getCommandId(), CommandStatus.PARKED, 2, Map.of()));
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
            // results are recorded beside the state decisions write (MongoStockLedger#recordLevelResults)
            Document results = stockLedger("SKU-6").get("results", Document.class);
            assertThat(results).isNotNull().containsKeys("shop-a", "shop-b");
            assertThat(results.get("shop-a", Document.class).get("confirmed")).isEqualTo(10L);
            assertThat(results.get("shop-b", Document.class)).containsEntry("resultOf", toB.getCommandId())
                    .containsEntry("parked", true);
        });
        publish(pos("SKU-6", 10, 3, "p2"));

        assertThat(exactlyCommandsFor("SKU-6", 3).get(2)).extracting(StockSyncIT::describe)
                .isEqualTo("shop-b level 10");
    }

    @Test
    void webshopMasterRoundTripDropsTheEchoes() {
        StockChanged posLevel = TestStock.stock(MASTER_TENANT, "m-pos", SystemKind.ZETTLE, "SKU-M", 10, 1, "p1");
        publish(posLevel);
        awaitProcessed(posLevel);
        assertThat(decisionsOf(posLevel)).containsExactly("SKIP_NOT_STOCK_MASTER");
        StockChanged masterChange = TestStock.stock(MASTER_TENANT, "m-shop-a", SystemKind.SHOPIFY, "SKU-M", 7, 2,
                "w1");

        publish(masterChange, masterChange);

        List<ConsumerRecord<String, ConnectorCommand>> sent = exactlyCommandsFor("SKU-M", 2);
        assertThat(sent).extracting(StockSyncIT::describe).containsExactlyInAnyOrder("m-pos move -3",
                "m-shop-b level 7");
        ConnectorCommand move = sent.stream().filter(r -> r.key().equals("m-pos")).findFirst().orElseThrow().value();
        assertThat(move.getCommandId()).isEqualTo(DeterministicIds.masterSyncCommandId("m-shop-a", "SKU-M", "w1"));
        assertThat(((AdjustStock) move.getAction()).getReason()).isEqualTo(StockChangeReason.MASTER_SYNC);

        StockChanged webshopEcho = TestStock.stock(MASTER_TENANT, "m-shop-b", SystemKind.WOOCOMMERCE, "SKU-M", 7, 3,
                "b1");
        StockChanged posEcho = TestStock.stock(MASTER_TENANT, "m-pos", SystemKind.ZETTLE, "SKU-M", 7, 3, "p2");
        posEcho.setPreviousLevel(10L);
        posEcho.setCausedByCommandIds(List.of(move.getCommandId()));
        publish(webshopEcho, posEcho);

        awaitProcessed(webshopEcho, posEcho);
        assertThat(decisionsOf(webshopEcho)).containsExactly("SKIP_ECHO");
        assertThat(decisionsOf(posEcho)).containsExactly("SKIP_ECHO");
        assertThat(exactlyCommandsFor("SKU-M", 2)).hasSize(2);

        StockChanged posSale = TestStock.stock(MASTER_TENANT, "m-pos", SystemKind.ZETTLE, "SKU-M", 5, 4, "p3");
        posSale.setPreviousLevel(7L);
        publish(posSale);

        assertThat(exactlyCommandsFor("SKU-M", 4).subList(2, 4)).extracting(StockSyncIT::describe)
                .containsExactlyInAnyOrder("m-shop-a move -2", "m-shop-b level 5");
        StockChanged masterReport = TestStock.stock(MASTER_TENANT, "m-shop-a", SystemKind.SHOPIFY, "SKU-M", 5, 5,
                "w2");
        publish(masterReport);
        awaitProcessed(masterReport);
        assertThat(decisionsOf(masterReport)).contains("SKIP_ECHO");
        assertThat(exactlyCommandsFor("SKU-M", 4)).hasSize(4);
    }

    @Test
    void flowApiTakesAndValidatesTheStockSettings() {
        put("/api/tenants/" + TENANT + "/flows/buffered", Map.of("template", "WEBSHOP_PRODUCTS_POS_STOCK",
                "webshopConnectionIds", List.of("shop-a"), "posConnectionId", "pos-1", "safetyBuffer", 2,
                "reconcileInterval", "90s", "enabled", false));
        web.get().uri("/api/tenants/{t}/flows/buffered", TENANT).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.template").isEqualTo("WEBSHOP_PRODUCTS_POS_STOCK")
                .jsonPath("$.safetyBuffer").isEqualTo(2)
                .jsonPath("$.reconcileInterval").isEqualTo("PT1M30S");
        expectInvalid(Map.of("template", "WEBSHOP_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1"), "stockMasterConnectionId");
        expectInvalid(Map.of("template", "WEBSHOP_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1", "stockMasterConnectionId", "shop-b"), "stockMasterConnectionId");
        expectInvalid(Map.of("template", "POS_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1", "stockMasterConnectionId", "shop-a"), "stockMasterConnectionId");
        expectInvalid(Map.of("template", "POS_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1", "safetyBuffer", -1), "safetyBuffer");
        expectInvalid(Map.of("template", "POS_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1", "reconcileInterval", "soon"), "reconcileInterval");
        expectInvalid(Map.of("template", "POS_MASTER", "webshopConnectionIds", List.of("shop-a"),
                "posConnectionId", "pos-1", "reconcileInterval", "1s"), "reconcileInterval");
    }

    private void tenantWith(String tenant, String shopify, String woo, String pos) {
        put("/api/tenants/" + tenant, Map.of("name", tenant));
        put("/api/tenants/" + tenant + "/connections/" + shopify, Map.of("system", "shopify",
                "baseUrl", "https://" + shopify + ".myshopify.com", "credentials", Map.of("accessToken", "shpat_x")));
        put("/api/tenants/" + tenant + "/connections/" + woo, Map.of("system", "woocommerce",
                "baseUrl", "https://" + woo + ".example", "credentials", Map.of("consumerKey", "ck_x")));
        put("/api/tenants/" + tenant + "/connections/" + pos, Map.of("system", "zettle",
                "baseUrl", "https://inventory.izettle.com", "credentials", Map.of("apiKey", "zk")));
    }

    /** The webshop connectors report these levels written (one connection's results in the order sent). */
    private void reportWritten(List<ConsumerRecord<String, ConnectorCommand>> levels) {
        for (ConsumerRecord<String, ConnectorCommand> record : levels) {
            ConnectorCommand command = record.value();
            send(Topics.COMMAND_RESULTS.name(), command.getTargetConnectionId(), TestStock.result(TENANT,
                    command.getTargetConnectionId(), command.getTargetSystem(), command.getCommandId(),
                    CommandStatus.APPLIED, 2, Map.of("level", String.valueOf(setLevel(record).getLevel()))));
        }
        for (ConsumerRecord<String, ConnectorCommand> record : levels) {
            await().atMost(15, TimeUnit.SECONDS).until(() -> "APPLIED".equals(Mono.from(possyncDatabase
                    .getCollection(MongoSyncLog.COLLECTION).find(eq("_id", record.value().getCommandId())).first())
                    .map(d -> d.getString("outcome")).block()));
        }
    }

    private String lineStatus(String orderId) {
        return Mono.from(possyncDatabase.getCollection(MongoOrderLedger.COLLECTION)
                        .find(eq("_id", DeterministicIds.lineKey(TENANT, "stock", orderId, "L1"))).first())
                .map(d -> d.getString("status")).block();
    }

    private List<String> decisionsOfOrder(String orderId) {
        return Flux.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION).find(eq("subject.orderId", orderId)))
                .map(d -> d.getString("decision")).collectList().block();
    }

    private static StockChanged pos(String sku, long level, int second, String version) {
        return TestStock.stock(TENANT, "pos-1", SystemKind.ZETTLE, sku, level, second, version);
    }

    private void publish(StockChanged... events) {
        for (StockChanged event : events) {
            send(Topics.STOCK_EVENTS.name(), Topics.eventKey(event.getHeader().getTenantId(), event.getSku()), event);
        }
    }

    private void send(String topic, String key, Object value) {
        kafka.send(topic, key, value).join();
    }

    private void awaitProcessed(StockChanged... events) {
        for (StockChanged event : events) {
            await().atMost(20, TimeUnit.SECONDS).until(() -> !decisionsOf(event).isEmpty());
        }
    }

    private List<String> decisionsOf(StockChanged event) {
        return Flux.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION)
                        .find(eq("sourceEventId", event.getHeader().getEventId())))
                .map(d -> d.getString("decision")).collectList().block();
    }

    private Document stockLedger(String sku) {
        String flow = sku.equals("SKU-M") ? MASTER_TENANT + "|master|" : TENANT + "|stock|";
        return Mono.from(possyncDatabase.getCollection(MongoStockLedger.COLLECTION).find(eq("_id", flow + sku))
                .first()).block();
    }

    private Document reservation(String sku, String transferCommandId) {
        Document ledger = stockLedger(sku);
        return ledger == null ? null : ledger.get("reservations", Document.class).get(transferCommandId, Document.class);
    }

    /** The commands about one SKU, after making sure no further ones arrive. */
    private List<ConsumerRecord<String, ConnectorCommand>> exactlyCommandsFor(String sku, int expected) {
        Predicate<ConsumerRecord<String, ConnectorCommand>> about = r -> sku.equals(skuOf(r.value()));
        await().atMost(20, TimeUnit.SECONDS).during(Duration.ofMillis(800)).until(() -> {
            commandConsumer.poll(Duration.ofMillis(100)).forEach(commands::add);
            return commands.stream().filter(about).count() == expected;
        });
        return commands.stream().filter(about).toList();
    }

    private static String skuOf(ConnectorCommand command) {
        return command.getAction() instanceof SetStockLevel level ? level.getSku()
                : ((AdjustStock) command.getAction()).getSku();
    }

    private static SetStockLevel setLevel(ConsumerRecord<String, ConnectorCommand> record) {
        return (SetStockLevel) record.value().getAction();
    }

    private static String describe(ConsumerRecord<String, ConnectorCommand> record) {
        return record.value().getAction() instanceof SetStockLevel level
                ? record.key() + " level " + level.getLevel()
                : record.key() + " move " + ((AdjustStock) record.value().getAction()).getDelta();
    }

    private void expectInvalid(Map<String, Object> body, String field) {
        web.put().uri("/api/tenants/{t}/flows/invalid", TENANT).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.message").value(message -> assertThat((String) message).startsWith(field));
    }

    private void put(String uri, Object body) {
        web.put().uri(uri).bodyValue(body).exchange().expectStatus().is2xxSuccessful();
    }
}

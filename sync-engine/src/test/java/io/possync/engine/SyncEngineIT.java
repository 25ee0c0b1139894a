package io.possync.engine;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.possync.engine.TestOrders.line;
import static io.possync.engine.TestOrders.order;
import static io.possync.schemas.avro.OrderState.CANCELLED;
import static io.possync.schemas.avro.OrderState.PAID;
import static io.possync.schemas.avro.OrderState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-engine",
        "possync.crypto.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "possync.admin.token=it-token",
        "spring.reactor.netty.shutdown-quiet-period=0s",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncEngineIT {

    private static final String TENANT = "t-it";
    private static final String FLOW = "flow-1";
    private static final String SHOP = "shop-1";
    private static final String POS = "pos-1";
    private static final List<OrderLine> LINES =
            List.of(line("L1", "SKU-A", 2), line("L2", "SKU-B", 1));

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private MongoDatabase possyncDatabase;
    @Autowired
    private WebTestClient web;

    private Consumer<String, ConnectorCommand> commandConsumer;
    private final List<ConsumerRecord<String, ConnectorCommand>> commands = new ArrayList<>();

    @BeforeAll
    void setUpTenantWithFlow() {
        web = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer it-token").build();
        put("/api/tenants/" + TENANT, Map.of("name", "IT shop"));
        put("/api/tenants/" + TENANT + "/connections/" + SHOP, Map.of("system", "shopify",
                "baseUrl", "https://it-shop.myshopify.com", "credentials", Map.of("accessToken", "shpat_x"),
                "webhookSecret", "whsec"));
        put("/api/tenants/" + TENANT + "/connections/" + POS, Map.of("system", "zettle",
                "baseUrl", "https://inventory.izettle.com", "credentials", Map.of("apiKey", "zk")));
        put("/api/tenants/" + TENANT + "/flows/" + FLOW, Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK",
                "webshopConnectionIds", List.of(SHOP), "posConnectionId", POS, "triggerState", "PAID"));
        commandConsumer = new KafkaConsumer<>(KafkaTestUtils.consumerProps(broker, "it-commands", false),
                new StringDeserializer(), Topics.commands(SystemKind.ZETTLE).serde().deserializer());
        commandConsumer.subscribe(List.of(Topics.commands(SystemKind.ZETTLE).name()));
    }

    @AfterAll
    void closeConsumer() {
        commandConsumer.close();
    }

    @Test
    void ordersDeliveredTwiceDrawStockOnce() {
        OrderPlaced paid = webOrder("2001", PAID, 1);
        OrderPlaced updatedTwin = webOrder("2001", PAID, 2);

        publish(paid, paid, updatedTwin, paid);

        awaitProcessed(paid, updatedTwin);
        await().atMost(20, TimeUnit.SECONDS).until(() -> decisionsOf(paid).contains("SKIP_STALE"));
        List<ConsumerRecord<String, ConnectorCommand>> drawn = exactlyCommandsFor("2001", 2);
        assertThat(drawn).extracting(ConsumerRecord::key).containsOnly(POS);
        assertThat(drawn).extracting(r -> r.value().getCommandId()).containsExactlyInAnyOrder(
                DeterministicIds.transferCommandId(lineKey("2001", "L1")),
                DeterministicIds.transferCommandId(lineKey("2001", "L2")));
        assertThat(drawn).extracting(r -> action(r).getSku() + ":" + action(r).getDelta())
                .containsExactlyInAnyOrder("SKU-A:-2", "SKU-B:-1");
        assertThat(drawn).allSatisfy(r -> {
            assertThat(r.value().getTargetSystem()).isEqualTo(SystemKind.ZETTLE);
            assertThat(action(r).getReason()).isEqualTo(StockChangeReason.ORDER_TRANSFER);
        });
    }

    @Test
    void paidArrivingBeforeCreatedDrawsStockOnce() {
        OrderPlaced paid = webOrder("2002", PAID, 2);
        OrderPlaced created = webOrder("2002", PENDING, 1);

        publish(paid, created);

        awaitProcessed(paid, created);
        assertThat(exactlyCommandsFor("2002", 2)).extracting(r -> action(r).getDelta())
                .containsExactlyInAnyOrder(-2, -1);
        assertThat(decisionsOf(created)).containsExactly("SKIP_STALE");
    }

    @Test
    void cancellationAfterTransferGivesStockBackOnce() {
        OrderPlaced paid = webOrder("2003", PAID, 1);
        OrderPlaced cancelled = webOrder("2003", CANCELLED, 2);
        OrderPlaced cancelledAgain = webOrder("2003", CANCELLED, 3);

        publish(paid, cancelled, cancelled, cancelledAgain);

        awaitProcessed(paid, cancelled, cancelledAgain);
        List<ConsumerRecord<String, ConnectorCommand>> all = exactlyCommandsFor("2003", 4);
        List<ConsumerRecord<String, ConnectorCommand>> returns = all.stream()
                .filter(r -> action(r).getReason() == StockChangeReason.ORDER_RETURN).toList();
        assertThat(returns).extracting(r -> action(r).getSku() + ":" + action(r).getDelta())
                .containsExactlyInAnyOrder("SKU-A:2", "SKU-B:1");
        assertThat(returns).extracting(r -> r.value().getCommandId())
                .contains(DeterministicIds.returnCommandId(lineKey("2003", "L1")));
    }

    @Test
    void orderCancelledBeforePaidNeverDrawsStock() {
        OrderPlaced created = webOrder("2004", PENDING, 1);
        OrderPlaced cancelled = webOrder("2004", CANCELLED, 2);
        OrderPlaced latePaid = webOrder("2004", PAID, 3);

        publish(created, cancelled, latePaid);

        awaitProcessed(created, cancelled, latePaid);
        exactlyCommandsFor("2004", 0);
        assertThat(decisionsOf(latePaid)).containsExactly("SKIP_CANCELLED", "SKIP_CANCELLED");
    }

    @Test
    void posOrdersAndOrdersFromConnectionsWithoutFlowAreSkippedWithAReason() {
        OrderPlaced posOrder = order(TENANT, SHOP, "2005", PAID, 1, SalesChannel.POS, LINES);
        OrderPlaced foreign = order(TENANT, "shop-without-flow", "2006", PAID, 1, SalesChannel.WEB, LINES);

        publish(posOrder, foreign);

        awaitProcessed(posOrder, foreign);
        assertThat(decisionsOf(posOrder)).containsExactly("SKIP_POS_ORDER");
        assertThat(decisionsOf(foreign)).containsExactly("SKIP_NO_FLOW");
        exactlyCommandsFor("2005", 0);
        exactlyCommandsFor("2006", 0);
    }

    @Test
    void parkedCommandResultIsRecordedOnSyncLogAndLedger() {
        OrderPlaced paid = webOrder("2007", PAID, 1);
        publish(paid);
        awaitProcessed(paid);
        String parkedId = DeterministicIds.transferCommandId(lineKey("2007", "L1"));
        String appliedId = DeterministicIds.transferCommandId(lineKey("2007", "L2"));

        send(Topics.COMMAND_RESULTS.name(), POS, result(parkedId, CommandStatus.PARKED, "Zettle 404: unknown product"));
        send(Topics.COMMAND_RESULTS.name(), POS, result(appliedId, CommandStatus.APPLIED, null));

        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
            Document parked = syncLogEntry(parkedId);
            assertThat(parked.getString("outcome")).isEqualTo("PARKED");
            assertThat(parked.getString("reason")).isEqualTo("Zettle 404: unknown product");
            assertThat(syncLogEntry(appliedId).getString("outcome")).isEqualTo("APPLIED");
            Document line = Mono.from(possyncDatabase.getCollection(MongoOrderLedger.COLLECTION)
                    .find(eq("_id", lineKey("2007", "L1"))).first()).block();
            assertThat(line.getString("transferOutcome")).isEqualTo("PARKED");
            assertThat(line.getString("transferReason")).isEqualTo("Zettle 404: unknown product");
        });
        web.get().uri("/api/tenants/{t}/sync-log?outcome=PARKED&subject=2007", TENANT).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].commandId").isEqualTo(parkedId)
                .jsonPath("$[0].reason").isEqualTo("Zettle 404: unknown product")
                .jsonPath("$[0].subject.sku").isEqualTo("SKU-A");
    }

    @Test
    void resultOfAnUnknownCommandEndsOnTheDeadLetterTopicWithoutBlockingOthers() {
        try (Consumer<String, CommandResult> dlt = new KafkaConsumer<>(
                KafkaTestUtils.consumerProps(broker, "it-results-dlt", false), new StringDeserializer(),
                Topics.COMMAND_RESULTS.dlt().serde().deserializer())) {
            dlt.subscribe(List.of(Topics.COMMAND_RESULTS.dlt().name()));
            OrderPlaced paid = webOrder("2008", PAID, 1);
            String known = DeterministicIds.transferCommandId(lineKey("2008", "L1"));
            publish(paid);
            awaitProcessed(paid);

            send(Topics.COMMAND_RESULTS.name(), POS, result("never-sent", CommandStatus.APPLIED, null));
            send(Topics.COMMAND_RESULTS.name(), POS, result(known, CommandStatus.APPLIED, null));

            List<String> deadLettered = new ArrayList<>();
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(r -> deadLettered.add(r.value().getCommandId()));
                assertThat(deadLettered).containsExactly("never-sent");
                assertThat(syncLogEntry(known).getString("outcome")).isEqualTo("APPLIED");
            });
        }
    }

    private OrderPlaced webOrder(String orderId, OrderState state, int minute) {
        return order(TENANT, SHOP, orderId, state, minute, SalesChannel.WEB, LINES);
    }

    private static String lineKey(String orderId, String lineId) {
        return DeterministicIds.lineKey(TENANT, FLOW, orderId, lineId);
    }

    private static AdjustStock action(ConsumerRecord<String, ConnectorCommand> record) {
        return (AdjustStock) record.value().getAction();
    }

    private void publish(OrderPlaced... orders) {
        for (OrderPlaced order : orders) {
            send(Topics.ORDER_EVENTS.name(), Topics.eventKey(TENANT, order.getOrderId()), order);
        }
    }

    private void send(String topic, String key, Object value) {
        kafka.send(topic, key, value).join();
    }

    /** Every event has left its sync-log entries; commands are acked before those are written. */
    private void awaitProcessed(OrderPlaced... orders) {
        Set<String> eventIds = Set.of(orders).stream().map(o -> o.getHeader().getEventId()).collect(Collectors.toSet());
        await().atMost(20, TimeUnit.SECONDS).until(() -> Flux.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION)
                        .find(in("sourceEventId", eventIds)))
                .map(d -> d.getString("sourceEventId")).collect(Collectors.toSet()).block()
                .containsAll(eventIds));
    }

    private List<String> decisionsOf(OrderPlaced order) {
        return Flux.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION)
                        .find(eq("sourceEventId", order.getHeader().getEventId())))
                .map(d -> d.getString("decision")).collectList().block();
    }

    private Document syncLogEntry(String id) {
        return Mono.from(possyncDatabase.getCollection(MongoSyncLog.COLLECTION).find(eq("_id", id)).first()).block();
    }

    /** The commands of one order, after making sure no further ones arrive. */
    private List<ConsumerRecord<String, ConnectorCommand>> exactlyCommandsFor(String orderId, int expected) {
        await().atMost(15, TimeUnit.SECONDS).during(Duration.ofMillis(800)).until(() -> {
            commandConsumer.poll(Duration.ofMillis(100)).forEach(commands::add);
            return commandsFor(orderId).size() == expected;
        });
        return commandsFor(orderId);
    }

    private List<ConsumerRecord<String, ConnectorCommand>> commandsFor(String orderId) {
        return commands.stream().filter(r -> orderId.equals(action(r).getOrderId())).toList();
    }

    private static CommandResult result(String commandId, CommandStatus status, String reason) {
        return CommandResult.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("result-" + commandId).setTenantId(TENANT)
                        .setConnectionId(POS).setSourceSystem(SystemKind.ZETTLE).setOccurredAt(Instant.now())
                        .setCorrelationId("corr").setCausationId(commandId).build())
                .setCommandId(commandId)
                .setTargetConnectionId(POS)
                .setStatus(status)
                .setReason(reason)
                .setAttempts(1)
                .build();
    }

    private void put(String uri, Object body) {
        web.put().uri(uri).bodyValue(body).exchange().expectStatus().is2xxSuccessful();
    }
}

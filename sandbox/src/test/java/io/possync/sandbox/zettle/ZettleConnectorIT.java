package io.possync.sandbox.zettle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.connector.zettle.ZettleConnectorApplication;
import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.connector.zettle.command.MongoAppliedCommands;
import io.possync.connector.zettle.command.MongoZettleRequests;
import io.possync.connector.zettle.command.MongoZettleRequests.State;
import io.possync.connector.zettle.command.MongoZettleRequests.StoredRequest;
import io.possync.connector.zettle.command.PlannedMove;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The Zettle connector end to end: commands on an embedded KRaft broker, state in mongo-java-server,
 * and the Zettle simulator over real HTTP (with its rate limit on).
 */
@SpringBootTest(classes = ZettleConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=connector-zettle",
                "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "spring.reactor.netty.shutdown-quiet-period=0s",
                "possync.zettle.retry.base-delay=50ms", "possync.zettle.retry.max-delay=500ms",
                "possync.kafka.listener-retries=2"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class ZettleConnectorIT {

    private static final String CONNECTION = "zettle-it";
    private static final String CLIENT_ID = "it-client";
    private static final String API_KEY = "it-api-key";

    private static RunningSimulator sim;
    private static TopicRecorder<CommandResult> results;
    private static TopicRecorder<ConnectorCommand> deadLetters;
    private static final Map<String, JsonNode> productsBySku = new ConcurrentHashMap<>();

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private MongoConnectionStore connections;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private MongoDatabase database;
    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @BeforeAll
    static void startSimulator() {
        sim = new RunningSimulator();
        sim.acceptApiKey(CLIENT_ID, API_KEY);
    }

    @AfterAll
    static void stop() {
        if (results != null) {
            results.close();
            deadLetters.close();
        }
        sim.close();
    }

    @BeforeEach
    void connectionAndRecorders() {
        connections.save(new Connection(CONNECTION, "tenant-it", SystemKind.ZETTLE, sim.url(),
                Map.of("clientId", CLIENT_ID, "apiKey", API_KEY), null, null, null)).block();
        if (results == null) {
            results = new TopicRecorder<>(broker, Topics.COMMAND_RESULTS, "it-results");
            deadLetters = new TopicRecorder<>(broker, Topics.commands(SystemKind.ZETTLE).dlt(), "it-dlt");
        }
        sim.clearFaults();
    }

    @Test
    void orderTransferLowersTheZettleBalanceAndReportsApplied() {
        String sku = product(10);
        ConnectorCommand command = adjust(sku, -3);

        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(result.getDetails()).containsEntry("sku", sku).containsEntry("units", "3")
                .containsEntry("direction", "STORE->SOLD").containsEntry("movements", "1");
        assertThat(result.getHeader().getCausationId()).isEqualTo(command.getHeader().getEventId());
        assertThat(result.getHeader().getCorrelationId()).isEqualTo(command.getHeader().getCorrelationId());
        assertThat(result.getTargetConnectionId()).isEqualTo(CONNECTION);
        assertThat(sim.balance(sku)).isEqualTo(7);
        assertThat(meters.counter("possync.commands", "system", "zettle", "outcome", "applied").count())
                .isPositive();
    }

    @Test
    void returnMovesStockBackFromSoldToStore() {
        String sku = product(4);

        ConnectorCommand command = adjust(sku, 2);
        send(command);

        assertThat(resultOf(command).getDetails()).containsEntry("direction", "SOLD->STORE");
        assertThat(sim.balance(sku)).isEqualTo(6);
    }

    @Test
    void commandDeliveredTwiceMovesStockOnce() {
        String sku = product(10);
        ConnectorCommand command = adjust(sku, -2);

        send(command);
        assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
        send(command);

        await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> results.all(r ->
                r.getCommandId().equals(command.getCommandId())).size() == 2);
        assertThat(results.all(r -> r.getCommandId().equals(command.getCommandId())))
                .extracting(CommandResult::getStatus)
                .containsExactly(CommandStatus.APPLIED, CommandStatus.ALREADY_APPLIED);
        assertThat(sim.balance(sku)).isEqualTo(8);
        assertThat(sim.movementsOf(sku)).isEqualTo(1);
    }

    @Test
    void throttledMovementIsRetriedAndAppliedOnce() {
        String sku = product(10);
        sim.fault(Map.of("method", "POST", "pathPrefix", "/v3/movements", "status", 429, "times", 2));
        ConnectorCommand command = adjust(sku, -1);

        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(result.getAttempts()).isGreaterThanOrEqualTo(3);
        assertThat(sim.balance(sku)).isEqualTo(9);
        assertThat(sim.movementsOf(sku)).isEqualTo(1);
    }

    @Test
    void rejectedMovementIsParkedWithZettlesReasonDeadLetteredAndTheNextCommandStillFlows() {
        String rejected = product(10);
        String next = product(10);
        sim.fault(Map.of("method", "POST", "pathPrefix", "/v3/movements", "status", 400, "times", 1,
                "body", "{\"developerMessage\":\"Product is not tracked\",\"errorType\":\"INVALID_PRODUCT\","
                        + "\"violations\":[{\"propertyName\":\"movements[0].productUuid\","
                        + "\"developerMessage\":\"tracking is off\"}]}"));
        ConnectorCommand bad = adjust(rejected, -1);
        ConnectorCommand good = adjust(next, -4);

        send(bad);
        CommandResult parked = resultOf(bad);
        // sent after the refusal, so that the one-shot fault cannot hit a request holding both commands
        send(good);

        assertThat(parked.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(parked.getReason()).isEqualTo("Zettle answered HTTP 400: INVALID_PRODUCT: Product is not tracked;"
                + " movements[0].productUuid: tracking is off");
        AtomicReference<ConsumerRecord<String, ConnectorCommand>> dead = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            dead.set(deadLetters.find(c -> c.getCommandId().equals(bad.getCommandId())));
            return dead.get() != null;
        });
        Header reason = dead.get().headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("Product is not tracked");
        assertThat(resultOf(good).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(sim.balance(next)).isEqualTo(6);
        assertThat(sim.balance(rejected)).isEqualTo(10);
    }

    @Test
    void outageOutlastingEveryRetryIsParkedOnTheLastDeliveryWithOneResult() {
        String sku = product(10);
        sim.fault(Map.of("method", "POST", "pathPrefix", "/v3/movements", "status", 503, "times", 1000));
        ConnectorCommand command = adjust(sku, -1);

        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(result.getReason()).startsWith("Zettle kept failing after 3 deliveries")
                .contains("HTTP 503");
        assertThat(results.all(r -> r.getCommandId().equals(command.getCommandId()))).hasSize(1);
        assertThat(sim.balance(sku)).isEqualTo(10);
    }

    @Test
    void skuSharedBySeveralVariantsIsParkedNotGuessed() {
        String sku = product(5);
        sim.product("twin", sku, 5);
        ConnectorCommand command = adjust(sku, -1);

        send(command);

        assertThat(resultOf(command).getReason()).isEqualTo("SKU " + sku
                + " is used by several variants in Zettle; make it unique");
    }

    @Test
    void aProductRecreatedInZettleIsFoundAgainNotParked() {
        String sku = product(10);
        ConnectorCommand first = adjust(sku, -1);
        send(first);
        assertThat(resultOf(first).getStatus()).isEqualTo(CommandStatus.APPLIED);
        sim.deleteProduct(sku, CLIENT_ID, API_KEY);
        sim.product(sku, sku, 20);

        ConnectorCommand second = adjust(sku, -2);
        send(second);

        assertThat(resultOf(second).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(sim.balance(sku)).isEqualTo(18);
    }

    @Test
    void unknownSkuIsParkedNotGuessed() {
        ConnectorCommand command = adjust("NO-SUCH-SKU", -1);

        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(result.getReason()).isEqualTo("unknown SKU NO-SUCH-SKU in Zettle");
    }

    @Test
    void setStockLevelIsParkedBecauseZettleOnlyTakesMovements() {
        ConnectorCommand command = command(SetStockLevel.newBuilder().setSku(product(3)).setLevel(5)
                .setReason(StockChangeReason.MASTER_SYNC).build());

        send(command);

        CommandResult result = resultOf(command);
        assertThat(result.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(result.getReason()).contains("SetStockLevel is not supported");
    }

    @Test
    void accessTokenIsGrantedOnceAndReusedAcrossCommands() {
        ConnectorCommand first = adjust(product(10), -1);
        send(first);
        assertThat(resultOf(first).getStatus()).isEqualTo(CommandStatus.APPLIED);
        long grants = sim.tokenRequests();

        for (int i = 0; i < 3; i++) {
            ConnectorCommand command = adjust(product(10), -1);
            send(command);
            assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
        }

        assertThat(sim.tokenRequests()).isEqualTo(grants);
    }

    @Test
    void expiredAccessTokenIsRenewedAndTheCommandStillApplies() {
        ConnectorCommand warmUp = adjust(product(10), -1);
        send(warmUp);
        assertThat(resultOf(warmUp).getStatus()).isEqualTo(CommandStatus.APPLIED);
        long grants = sim.tokenRequests();
        sim.expireTokens();
        String sku = product(10);

        ConnectorCommand command = adjust(sku, -5);
        send(command);

        assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
        assertThat(sim.balance(sku)).isEqualTo(5);
        assertThat(sim.tokenRequests()).isEqualTo(grants + 1);
    }

    @Test
    void aBurstForOneConnectionTakesAHandfulOfMovementRequestsAndEveryCommandOneResult() {
        List<String> skus = IntStream.range(0, 6).mapToObj(i -> product(100)).toList();
        Map<String, Integer> expected = new HashMap<>();
        skus.forEach(sku -> expected.put(sku, 100));
        List<ConnectorCommand> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String sku = skus.get(i % skus.size());
            int delta = i % 10 == 9 ? 2 : -(1 + i % 3);
            burst.add(adjust(sku, delta));
            expected.merge(sku, delta, Integer::sum);
        }

        whileListenerPaused(() -> burst.forEach(this::send));

        Set<String> ids = burst.stream().map(ConnectorCommand::getCommandId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> results.all(r -> ids.contains(r.getCommandId())).size() >= ids.size());
        List<CommandResult> got = results.all(r -> ids.contains(r.getCommandId()));
        assertThat(got).hasSize(60).extracting(CommandResult::getStatus).containsOnly(CommandStatus.APPLIED);
        assertThat(got).extracting(CommandResult::getCommandId).doesNotHaveDuplicates();
        Set<String> requests = skus.stream().flatMap(sku -> sim.movementIdentifiersOf(sku).stream())
                .collect(Collectors.toSet());
        assertThat(requests).hasSizeLessThanOrEqualTo(4);
        assertThat(got).allSatisfy(r -> assertThat(requests).contains(r.getDetails().get("request")));
        assertThat(got).anySatisfy(r -> assertThat(Integer.parseInt(r.getDetails().get("movements"))).isGreaterThan(1));
        assertThat(skus.stream().mapToLong(sim::movementsOf).sum()).isEqualTo(60);
        skus.forEach(sku -> assertThat(sim.balance(sku)).as(sku).isEqualTo(expected.get(sku)));
    }

    @Test
    void oneCommandZettleRefusesInABatchIsParkedAloneAndTheOthersApplyOnce() {
        String gone = product(10);
        ConnectorCommand learn = adjust(gone, -1);
        send(learn);
        assertThat(resultOf(learn).getStatus()).isEqualTo(CommandStatus.APPLIED);
        sim.deleteProduct(gone, CLIENT_ID, API_KEY);
        List<String> goods = IntStream.range(0, 4).mapToObj(i -> product(10)).toList();
        List<ConnectorCommand> good = goods.stream().map(sku -> adjust(sku, -2)).toList();
        ConnectorCommand bad = adjust(gone, -1);

        whileListenerPaused(() -> {
            send(good.get(0));
            send(good.get(1));
            send(bad);
            send(good.get(2));
            send(good.get(3));
        });

        CommandResult parked = resultOf(bad);
        assertThat(parked.getStatus()).isEqualTo(CommandStatus.PARKED);
        assertThat(parked.getReason()).isEqualTo("unknown SKU " + gone + " in Zettle");
        AtomicReference<ConsumerRecord<String, ConnectorCommand>> dead = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            dead.set(deadLetters.find(c -> c.getCommandId().equals(bad.getCommandId())));
            return dead.get() != null;
        });
        assertThat(new String(dead.get().headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
                StandardCharsets.UTF_8)).isEqualTo("unknown SKU " + gone + " in Zettle");
        for (int i = 0; i < good.size(); i++) {
            ConnectorCommand command = good.get(i);
            assertThat(resultOf(command).getStatus()).isEqualTo(CommandStatus.APPLIED);
            assertThat(results.all(r -> r.getCommandId().equals(command.getCommandId()))).hasSize(1);
            assertThat(sim.balance(goods.get(i))).isEqualTo(8);
            // moved exactly once, whether its request was the refused batch re-sent one by one or (when
            // Kafka split the commands over two polls) a request without the bad command
            assertThat(sim.movementIdentifiersOf(goods.get(i))).hasSize(1);
        }
        assertThat(deadLetters.all(c -> good.contains(c))).isEmpty();
    }

    @Test
    void aRequestLeftUnconfirmedByACrashIsSentAgainUnchangedAndMovesStockOnce() {
        String sku = product(10);
        String other = product(10);
        ConnectorCommand first = adjust(sku, -3);
        ConnectorCommand second = adjust(other, -2);
        String identifier = UUID.randomUUID().toString();
        List<PlannedMove> moves = List.of(planned(first, sku), planned(second, other));
        List<Movement> movements = moves.stream().map(PlannedMove::movement).toList();
        // what a run that crashed between Zettle's 2xx and its own record would have left behind
        new MongoZettleRequests(database, Clock.systemUTC()).store(new StoredRequest(identifier, CONNECTION,
                List.of(first.getCommandId(), second.getCommandId()), movements, State.SENDING));
        assertThat(new MongoAppliedCommands(database, Clock.systemUTC())
                .claim(CONNECTION, identifier, moves, Map.of(), movements.size())).isTrue();
        sim.postMovements(sim.accessToken(CLIENT_ID, API_KEY), Map.of("identifier", identifier, "movements",
                movements.stream().map(m -> Map.of("productUuid", m.productUuid(), "variantUuid", m.variantUuid(),
                        "from", m.from(), "to", m.to(), "change", m.change())).toList()));

        send(first);
        send(second);

        for (ConnectorCommand command : List.of(first, second)) {
            CommandResult result = resultOf(command);
            assertThat(result.getStatus()).isIn(CommandStatus.APPLIED, CommandStatus.ALREADY_APPLIED);
            if (result.getStatus() == CommandStatus.APPLIED) {
                assertThat(result.getDetails()).containsEntry("request", identifier).containsEntry("movements", "2");
            }
        }
        assertThat(sim.balance(sku)).isEqualTo(7);
        assertThat(sim.balance(other)).isEqualTo(8);
        assertThat(sim.movementIdentifiersOf(sku)).containsExactly(identifier);
        assertThat(sim.movementIdentifiersOf(other)).containsExactly(identifier);
    }

    private PlannedMove planned(ConnectorCommand command, String sku) {
        AdjustStock adjustment = (AdjustStock) command.getAction();
        JsonNode product = productsBySku.get(sku);
        return new PlannedMove(command, adjustment, new Movement(product.path("uuid").asString(),
                product.path("variants").path(0).path("uuid").asString(), sim.inventory("STORE"),
                sim.inventory("SOLD"), -adjustment.getDelta()), false);
    }

    /** Holds the listener while {@code sending} runs, so that everything sent arrives in one poll. */
    private void whileListenerPaused(Runnable sending) {
        MessageListenerContainer container = listeners.getListenerContainer("zettle-commands");
        container.pause();
        await().atMost(Duration.ofSeconds(10)).until(container::isContainerPaused);
        try {
            sending.run();
        } finally {
            container.resume();
        }
    }

    private void send(ConnectorCommand command) {
        try {
            kafka.send(Topics.commands(SystemKind.ZETTLE).name(), command.getTargetConnectionId(), command)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + command.getCommandId(), e);
        }
    }

    private static CommandResult resultOf(ConnectorCommand command) {
        AtomicReference<ConsumerRecord<String, CommandResult>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            found.set(results.find(r -> r.getCommandId().equals(command.getCommandId())));
            return found.get() != null;
        });
        assertThat(found.get().key()).isEqualTo(command.getTargetConnectionId());
        return found.get().value();
    }

    private static ConnectorCommand adjust(String sku, int delta) {
        return command(AdjustStock.newBuilder().setSku(sku).setDelta(delta)
                .setReason(delta < 0 ? StockChangeReason.ORDER_TRANSFER : StockChangeReason.ORDER_RETURN).build());
    }

    private static ConnectorCommand command(Object action) {
        return ConnectorCommand.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString()).setTenantId("tenant-it")
                        .setConnectionId(CONNECTION).setSourceSystem(SystemKind.SHOPIFY).setOccurredAt(Instant.now())
                        .setCorrelationId(UUID.randomUUID().toString()).build())
                .setCommandId(UUID.randomUUID().toString())
                .setTargetConnectionId(CONNECTION)
                .setTargetSystem(SystemKind.ZETTLE)
                .setAction(action)
                .build();
    }

    private static String product(int balance) {
        String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8);
        productsBySku.put(sku, sim.product(sku, sku, balance));
        return sku;
    }
}

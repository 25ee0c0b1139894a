package io.possync.sandbox.zettle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.connector.zettle.ZettleConnectorApplication;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zettle stock in: the simulator's signed InventoryBalanceChanged webhooks, forwarded onto
 * {@code webhooks.inbound} as the gateway does, and the reconciliation poll of {@code GET /v3/stock}
 * become {@code events.stock} on an embedded KRaft broker, with mappings in mongo-java-server.
 */
@SpringBootTest(classes = ZettleConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=connector-zettle",
                "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "spring.reactor.netty.shutdown-quiet-period=0s",
                "possync.zettle.reconcile-interval=2s",
                "possync.zettle.library-refresh-interval=0s",
                "possync.zettle.retry.base-delay=50ms", "possync.zettle.retry.max-delay=500ms",
                "possync.kafka.listener-retries=2"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class ZettleStockIT {

    private static final String CONNECTION = "zettle-stock-it";
    private static final String TENANT = "tenant-stock-it";
    private static final String CLIENT_ID = "stock-it-client";
    private static final String API_KEY = "stock-it-api-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> PRODUCTS = new ConcurrentHashMap<>();

    private static RunningSimulator sim;
    private static ZettleWebhookForwarder forwarder;
    private static TopicRecorder<StockChanged> stock;
    private static TopicRecorder<WebhookEnvelope> deadLetters;

    @Autowired
    private KafkaTemplate<Object, Object> kafka;
    @Autowired
    private MongoConnectionStore connections;
    @Autowired
    private EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSimulator() {
        sim = new RunningSimulator();
        sim.acceptApiKey(CLIENT_ID, API_KEY);
    }

    @AfterAll
    static void stop() {
        if (stock != null) {
            stock.close();
            deadLetters.close();
            forwarder.close();
        }
        sim.close();
    }

    @BeforeEach
    void connectionSubscriptionAndRecorders() {
        connections.save(new Connection(CONNECTION, TENANT, SystemKind.ZETTLE, sim.url(),
                Map.of("clientId", CLIENT_ID, "apiKey", API_KEY), null, null, null)).block();
        if (stock == null) {
            stock = new TopicRecorder<>(broker, Topics.STOCK_EVENTS, "it-stock");
            deadLetters = new TopicRecorder<>(broker, Topics.WEBHOOKS_INBOUND.dlt(), "it-webhooks-dlt");
            forwarder = new ZettleWebhookForwarder(kafka, TENANT);
            subscribe(forwarder.url(CONNECTION));
        }
    }

    @Test
    void aPosSaleBecomesAStockChangedWithTheNewStoreLevel() {
        String sku = product(10);

        sell(sku, 3);

        ConsumerRecord<String, StockChanged> record = awaitRecord(e -> fromWebhook(e, sku));
        StockChanged event = record.value();
        assertThat(record.key()).isEqualTo(Topics.eventKey(TENANT, sku));
        assertThat(event.getLevel()).isEqualTo(7);
        assertThat(event.getPreviousLevel()).isEqualTo(10L);
        assertThat(event.getLocationRef()).isEqualTo(sim.inventory("STORE"));
        assertThat(event.getHeader().getTenantId()).isEqualTo(TENANT);
        assertThat(event.getHeader().getConnectionId()).isEqualTo(CONNECTION);
        assertThat(event.getHeader().getSourceSystem()).isEqualTo(SystemKind.ZETTLE);
        assertThat(event.getSourceVersion()).isNotBlank();
    }

    @Test
    void twoSalesOfOneSkuAreTwoChangesWithTheirOwnLevels() {
        String sku = product(10);

        sell(sku, 1);
        awaitRecord(e -> fromWebhook(e, sku) && e.getLevel() == 9);
        sell(sku, 2);

        StockChanged second = awaitRecord(e -> fromWebhook(e, sku) && e.getLevel() == 7).value();
        StockChanged first = awaitRecord(e -> fromWebhook(e, sku) && e.getLevel() == 9).value();
        assertThat(second.getHeader().getEventId()).isNotEqualTo(first.getHeader().getEventId());
        assertThat(second.getSourceVersion()).isNotEqualTo(first.getSourceVersion());
    }

    @Test
    void theSameChangeDeliveredTwiceHasTheSameEventId() {
        String sku = product(8);
        sell(sku, 2);
        StockChanged first = awaitRecord(e -> fromWebhook(e, sku)).value();
        String body = forwarder.forwarded().stream().filter(b -> b.contains(productOf(sku))).findFirst()
                .orElseThrow();

        // the gateway lets a redelivery through once its dedupe record is gone: a new envelope, same body
        WebhookEnvelope again = ZettleWebhookForwarder.envelope(TENANT, CONNECTION,
                body.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());
        send(again);

        StockChanged second = awaitRecord(e -> fromWebhook(e, sku)
                && e.getHeader().getCausationId().equals(again.getHeader().getEventId())).value();
        assertThat(second.getHeader().getEventId()).isEqualTo(first.getHeader().getEventId());
        assertThat(second.getSourceVersion()).isEqualTo(first.getSourceVersion());
        assertThat(second.getLevel()).isEqualTo(6);
    }

    @Test
    void thePollPublishesCurrentLevelsAcrossPagesAndAnUnchangedLevelKeepsItsEventId() {
        IntStream.range(0, 100).forEach(i -> product(1));
        String sku = product(5);
        String sold = product(9);
        sell(sold, 4);

        List<StockChanged> polled = awaitAtLeast(e -> fromPoll(e, sku), 2);
        assertThat(polled).extracting(StockChanged::getLevel).containsOnly(5L);
        assertThat(polled).extracting(e -> e.getHeader().getEventId()).containsOnly(polled.get(0).getHeader()
                .getEventId());
        assertThat(polled.get(0).getSourceVersion()).contains("@");
        assertThat(polled.get(0).getHeader().getCausationId()).isNull();
        assertThat(awaitAtLeast(e -> fromPoll(e, sold), 1)).extracting(StockChanged::getLevel).containsOnly(5L);
    }

    @Test
    void aLevelChangedBetweenPollsGetsANewEventId() {
        String sku = product(6);
        StockChanged before = awaitRecord(e -> fromPoll(e, sku)).value();

        sell(sku, 1);

        StockChanged after = awaitRecord(e -> fromPoll(e, sku) && e.getLevel() == 5).value();
        assertThat(after.getHeader().getEventId()).isNotEqualTo(before.getHeader().getEventId());
    }

    @Test
    void aVariantWithoutMappingIsSkippedAndTheNextDeliveryStillFlows() {
        String store = sim.inventory("STORE");
        String unknown = delivery(store, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "3", "4");
        WebhookEnvelope skipped = ZettleWebhookForwarder.envelope(TENANT, CONNECTION,
                unknown.getBytes(StandardCharsets.UTF_8), null);
        String sku = product(4);
        send(skipped);

        sell(sku, 1);

        awaitRecord(e -> fromWebhook(e, sku) && e.getLevel() == 3);
        assertThat(stock.all(e -> skipped.getHeader().getEventId().equals(e.getHeader().getCausationId()))).isEmpty();
        assertThat(deadLetters.all(e -> e.getHeader().getEventId().equals(skipped.getHeader().getEventId())))
                .isEmpty();
    }

    @Test
    void anUnreadableDeliveryIsDeadLetteredWithItsReason() {
        WebhookEnvelope bad = ZettleWebhookForwarder.envelope(TENANT, CONNECTION,
                ("{\"eventName\":\"InventoryBalanceChanged\",\"messageId\":\"" + UUID.randomUUID()
                        + "\",\"payload\":\"{\\\"balanceAfter\\\":[{\\\"balance\\\":\\\"x\\\"}]}\"}")
                        .getBytes(StandardCharsets.UTF_8), null);

        send(bad);

        await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() ->
                deadLetters.find(e -> e.getHeader().getEventId().equals(bad.getHeader().getEventId())) != null);
        ConsumerRecord<String, WebhookEnvelope> dead = deadLetters.find(e -> e.getHeader().getEventId()
                .equals(bad.getHeader().getEventId()));
        assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("balance 'x' is not a number");
    }

    private static boolean fromWebhook(StockChanged event, String sku) {
        return sku.equals(event.getSku()) && event.getHeader().getCausationId() != null;
    }

    private static boolean fromPoll(StockChanged event, String sku) {
        return sku.equals(event.getSku()) && event.getHeader().getCausationId() == null;
    }

    private static ConsumerRecord<String, StockChanged> awaitRecord(Predicate<StockChanged> matches) {
        AtomicReference<ConsumerRecord<String, StockChanged>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            found.set(stock.find(matches));
            return found.get() != null;
        });
        return found.get();
    }

    private static List<StockChanged> awaitAtLeast(Predicate<StockChanged> matches, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> stock.all(matches).size() >= count);
        return stock.all(matches);
    }

    private void send(WebhookEnvelope envelope) {
        try {
            kafka.send(Topics.WEBHOOKS_INBOUND.name(), CONNECTION, envelope).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + envelope.getHeader().getEventId(), e);
        }
    }

    private static void sell(String sku, int quantity) {
        sim.http().post().uri("/sim/sales").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sku", sku, "quantity", quantity)).exchange().expectStatus().isOk();
    }

    private static void subscribe(String destination) {
        sim.http().post().uri("/organizations/self/subscriptions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + sim.accessToken(CLIENT_ID, API_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uuid", UuidV1.next(Clock.systemUTC()).toString(), "transportName", "WEBHOOK",
                        "eventNames", List.of("InventoryBalanceChanged"), "destination", destination,
                        "contactEmail", "ops@example.com"))
                .exchange().expectStatus().isOk();
    }

    private static String product(int balance) {
        String sku = "ST-" + UUID.randomUUID().toString().substring(0, 8);
        PRODUCTS.put(sku, sim.product(sku, sku, balance).path("uuid").asString());
        return sku;
    }

    private static String productOf(String sku) {
        return PRODUCTS.get(sku);
    }

    /** A Pusher InventoryBalanceChanged delivery as Zettle sends it: payload a JSON string, balances strings. */
    private static String delivery(String inventory, String productUuid, String variantUuid, String before,
                                   String after) {
        String payload = "{\"updated\":{\"uuid\":\"" + UUID.randomUUID() + "\",\"timestamp\":\""
                + ZettlePusher.TIMESTAMP.format(Instant.now()) + "\",\"userType\":\"USER\"},"
                + "\"balanceBefore\":[{\"locationUuid\":\"" + inventory + "\",\"productUuid\":\"" + productUuid
                + "\",\"variantUuid\":\"" + variantUuid + "\",\"balance\":\"" + before + "\"}],"
                + "\"balanceAfter\":[{\"locationUuid\":\"" + inventory + "\",\"productUuid\":\"" + productUuid
                + "\",\"variantUuid\":\"" + variantUuid + "\",\"balance\":\"" + after + "\"}]}";
        return "{\"organizationUuid\":\"org\",\"messageUuid\":\"" + UUID.randomUUID()
                + "\",\"eventName\":\"InventoryBalanceChanged\",\"messageId\":\"" + UUID.randomUUID()
                + "\",\"payload\":" + JSON.writeValueAsString(payload) + ",\"timestamp\":\""
                + ZettlePusher.TIMESTAMP.format(Instant.now()) + "\"}";
    }
}

package io.possync.connector.shopify.webhook;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.SendResult;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.connection.SecretCipher;
import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.connector.shopify.client.VariantHit;
import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import io.possync.connector.shopify.mapping.InventoryMapping;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.connector.shopify.mapping.ShopifyOrderNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.connector.shopify.stock.ShopifyLocations;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;

/** The batch listener over the real normalizers and mappings (mongo-java-server), with a mock producer. */
class ShopifyWebhookListenerTest {

    private static final String TENANT = "tenant-1";
    private static final String SHOP = "shop-1";
    private static final String LOCATION = "71234567890";
    private static final Instant WRITTEN = Instant.parse("2026-11-22T12:00:05Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final Clock clock = Clock.fixed(WRITTEN, ZoneOffset.UTC);
    // the template closes its producer after each send; the history must outlive that
    private final MockProducer<Object, Object> producer = new MockProducer<>(true, null, keys(), values()) {
        @Override
        public void close(Duration timeout) {
        }
    };
    private final List<String> refusedKeys = new ArrayList<>();
    private final MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock);
    private ShopifyWebhookListener listener;

    @BeforeEach
    void setUp() {
        MongoConnectionStore connections = new MongoConnectionStore(database,
                new SecretCipher("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="), clock, Duration.ofMinutes(1));
        connections.save(new Connection(SHOP, TENANT, SystemKind.SHOPIFY, "http://localhost:1",
                Map.of("accessToken", "token", ShopifyLocations.SETTING, LOCATION), "secret", null, null))
                .block(Duration.ofSeconds(5));
        mappings.saveRefs(SHOP, List.of(hit("SKU-1", 1), hit("SKU-2", 2)));
        mappings.recordWritten(SHOP, List.of(new MongoInventoryMappings.Written("SKU-1", 5,
                "gid://shopify/Location/" + LOCATION, WRITTEN, "cmd-1", List.of(new InventoryMapping.Write(5, WRITTEN)))));
        ShopifyPayloadReader reader = new ShopifyPayloadReader();
        // no API: every item of these tests is mapped and the location is configured
        ShopifyInventoryWebhookHandler inventory = new ShopifyInventoryWebhookHandler(new ShopifyStockNormalizer(reader),
                connections, new ShopifyLocations(null), mappings, null);
        KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)) {
            @Override
            public CompletableFuture<SendResult<Object, Object>> send(String topic, Object key, Object data) {
                return refusedKeys.contains(key.toString())
                        ? CompletableFuture.failedFuture(new KafkaException("not acknowledged"))
                        : super.send(topic, key, data);
            }
        };
        listener = new ShopifyWebhookListener(new ShopifyOrderNormalizer(reader), inventory, kafka,
                new ShopifyConnectorProperties(Duration.ofSeconds(5), "2026-07", Duration.ofSeconds(1),
                        Duration.ofSeconds(1), 250, 25, 20, new ShopifyConnectorProperties.Retry(1, Duration.ZERO,
                        Duration.ZERO), Duration.ZERO));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void echoesAndStaleLevelsOfABatchAreDroppedAndTheRestPublishedInOrder() {
        listener.onDeliveries(records(
                level(1, 5, "13:00:06"),
                level(1, 8, "13:00:07"),
                level(1, 3, "12:59:50"),
                envelope(SystemKind.ZETTLE, "inventory_levels/update", "{}"),
                level(2, 4, "13:00:08"),
                level(1, 9, "13:00:09")));

        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly(
                Topics.eventKey(TENANT, "SKU-1"), Topics.eventKey(TENANT, "SKU-2"), Topics.eventKey(TENANT, "SKU-1"));
        assertThat(producer.history()).extracting(r -> ((StockChanged) r.value()).getLevel()).containsExactly(8L, 4L, 9L);
        assertThat(stored("SKU-1").get("knownLevel")).isEqualTo(9L);
        assertThat(stored("SKU-2").get("knownLevel")).isEqualTo(4L);
    }

    @Test
    void theEchoOfAWriteKnownOnlyByItsAnnouncementIsDropped() {
        // announced (our clock) before a call whose outcome is not stored yet: a crash, or a quick echo
        mappings.recordPending(SHOP, Map.of("SKU-2", new InventoryMapping.Write(6, Instant.parse("2026-11-22T12:00:10.300Z"))));

        listener.onDeliveries(records(
                level(2, 6, "13:00:11"),
                level(1, 6, "13:00:11"),
                level(2, 6, "13:00:20")));

        assertThat(producer.history()).extracting(r -> ((StockChanged) r.value()).getSku() + "=" + ((StockChanged) r.value()).getLevel())
                .containsExactly("SKU-1=6", "SKU-2=6");
    }

    @Test
    void anUndecodableDeliveryFailsTheBatchThereAfterTheEventsBeforeItArePublished() {
        List<ConsumerRecord<String, WebhookEnvelope>> records = records(
                order("orders-create-web-paid-dkk.json"), null, order("orders-paid-jpy.json"));

        assertThatThrownBy(() -> listener.onDeliveries(records))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly(Topics.eventKey(TENANT, "6107843412345"));
    }

    @Test
    void anUnreadableOrderFailsTheBatchThereAndLevelsAfterItTakeNoEffect() {
        List<ConsumerRecord<String, WebhookEnvelope>> records = records(
                level(1, 8, "13:00:07"),
                envelope(SystemKind.SHOPIFY, "orders/updated", "{\"id\":6107843412345,\"line_items\":["),
                level(2, 4, "13:00:08"));

        assertThatThrownBy(() -> listener.onDeliveries(records))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).isInstanceOf(PermanentFailure.class);
                });
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly(Topics.eventKey(TENANT, "SKU-1"));
        assertThat(stored("SKU-2").get("knownLevel")).isNull();
    }

    @Test
    void anUnreadableLevelFailsTheBatchAtItsDelivery() {
        List<ConsumerRecord<String, WebhookEnvelope>> records = records(
                order("orders-create-web-paid-dkk.json"),
                level(1, 8, "13:00:07"),
                envelope(SystemKind.SHOPIFY, ShopifyStockNormalizer.TOPIC, "{\"available\":3}"),
                order("orders-paid-jpy.json"));

        assertThatThrownBy(() -> listener.onDeliveries(records))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e.getCause()).isInstanceOf(PermanentFailure.class);
                });
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly(
                Topics.eventKey(TENANT, "6107843412345"), Topics.eventKey(TENANT, "SKU-1"));
    }

    @Test
    void aMissingAcknowledgementFailsTheBatchAtTheDeliveryOfThatEvent() {
        refusedKeys.add(Topics.eventKey(TENANT, "SKU-1"));

        assertThatThrownBy(() -> listener.onDeliveries(records(
                order("orders-create-web-paid-dkk.json"), level(1, 8, "13:00:07"), order("orders-paid-jpy.json"))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).hasRootCauseInstanceOf(KafkaException.class);
                });
    }

    @SafeVarargs
    private static List<ConsumerRecord<String, WebhookEnvelope>> records(WebhookEnvelope... envelopes) {
        List<ConsumerRecord<String, WebhookEnvelope>> records = new ArrayList<>();
        List<WebhookEnvelope> all = Arrays.asList(envelopes);
        for (int i = 0; i < all.size(); i++) {
            records.add(new ConsumerRecord<>(Topics.WEBHOOKS_INBOUND.name(), 0, 100 + i, SHOP, all.get(i)));
        }
        return records;
    }

    private static WebhookEnvelope level(int item, long available, String localTime) {
        return envelope(SystemKind.SHOPIFY, ShopifyStockNormalizer.TOPIC, "{\"inventory_item_id\":4800000000000"
                + item + ",\"location_id\":" + LOCATION + ",\"available\":" + available
                + ",\"updated_at\":\"2026-11-22T" + localTime + "+01:00\"}");
    }

    private static WebhookEnvelope order(String fixture) {
        try (InputStream in = ShopifyWebhookListenerTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            return envelope(SystemKind.SHOPIFY, "orders/create", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebhookEnvelope envelope(SystemKind system, String topic, String body) {
        String id = UUID.randomUUID().toString();
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(id).setTenantId(TENANT).setConnectionId(SHOP)
                        .setSourceSystem(system).setOccurredAt(WRITTEN).setCorrelationId(id).build())
                .setSystem(system)
                .setTopic(topic)
                .setDedupeKey(topic + "|" + id)
                .setDeliveryId(id)
                .setHeaders(Map.of("x-shopify-event-id", id))
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static VariantHit hit(String sku, int item) {
        return new VariantHit(sku, "gid://shopify/ProductVariant/" + item, "gid://shopify/InventoryItem/4800000000000" + item);
    }

    private Document stored(String sku) {
        return reactor.core.publisher.Mono.from(database.getCollection(MongoInventoryMappings.COLLECTION)
                .find(eq("_id", SHOP + "|" + sku)).first()).block(Duration.ofSeconds(5));
    }

    private static Serializer<Object> keys() {
        StringSerializer strings = new StringSerializer();
        return (topic, key) -> strings.serialize(topic, String.valueOf(key));
    }

    private static Serializer<Object> values() {
        return (topic, value) -> new byte[0];
    }
}

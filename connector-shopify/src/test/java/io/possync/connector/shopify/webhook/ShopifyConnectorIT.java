package io.possync.connector.shopify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.connector.shopify.ShopifyConnectorApplication;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

@SpringBootTest(classes = ShopifyConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.config.name=connector-shopify",
                "possync.crypto.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "spring.reactor.netty.shutdown-quiet-period=0s"})
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class ShopifyConnectorIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private KafkaTemplate<Object, Object> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    private final List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();

    @AfterEach
    void closeConsumers() {
        consumers.forEach(KafkaConsumer::close);
    }

    @Test
    void shopifyOrderWebhookBecomesOrderPlacedKeyedByTenantAndOrder() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        WebhookEnvelope delivery = envelope(tenant, SystemKind.SHOPIFY, "orders/create",
                fixture("orders-create-web-paid-dkk.json"));

        send("conn-a", delivery);

        ConsumerRecord<String, OrderPlaced> record =
                awaitRecord(orderConsumer(), Topics.eventKey(tenant, "6107843412345"));
        OrderPlaced order = record.value();
        assertThat(order.getOrderNumber()).isEqualTo("#1042");
        assertThat(order.getState()).isEqualTo(OrderState.PAID);
        assertThat(order.getChannel()).isEqualTo(SalesChannel.WEB);
        assertThat(order.getTotalMinor()).isEqualTo(54_800L);
        assertThat(order.getLines()).extracting(l -> l.getSku()).containsExactly("KAF-250-AEBLE", "FILTER-4");
        assertThat(order.getHeader().getTenantId()).isEqualTo(tenant);
        assertThat(order.getHeader().getCausationId()).isEqualTo(delivery.getHeader().getEventId());
        assertThat(order.getHeader().getSourceSystem()).isEqualTo(SystemKind.SHOPIFY);
    }

    @Test
    void deliveriesFromOtherSystemsAndOtherShopifyTopicsAreIgnored() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        byte[] orderBody = fixture("orders-create-web-paid-dkk.json");
        send("conn-b", envelope(tenant, SystemKind.ZETTLE, "orders/create", orderBody));
        send("conn-b", envelope(tenant, SystemKind.SHOPIFY, "products/update", orderBody));
        send("conn-b", envelope(tenant, SystemKind.SHOPIFY, "orders/create", fixture("orders-create-pos-usd.json")));

        KafkaConsumer<String, OrderPlaced> consumer = orderConsumer();
        List<ConsumerRecord<String, OrderPlaced>> seen = new ArrayList<>();
        // same key, same partition: once the last delivery's order is out, the two before it were handled
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> r.key().equals(Topics.eventKey(tenant, "6107843499001")));
        });
        assertThat(seen).extracting(ConsumerRecord::key).doesNotContain(Topics.eventKey(tenant, "6107843412345"));
    }

    @Test
    void malformedBodyGoesToTheDeadLetterTopicAndTheNextDeliveryStillFlows() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        WebhookEnvelope malformed = envelope(tenant, SystemKind.SHOPIFY, "orders/updated",
                "{\"id\":6107843412345,\"line_items\":[".getBytes(StandardCharsets.UTF_8));
        send("conn-c", malformed);
        send("conn-c", envelope(tenant, SystemKind.SHOPIFY, "orders/paid", fixture("orders-paid-jpy.json")));

        awaitRecord(orderConsumer(), Topics.eventKey(tenant, "6107843466601"));
        ConsumerRecord<String, byte[]> dead = awaitRecord(consumer(Topics.WEBHOOKS_INBOUND.dlt().name(),
                new ByteArrayDeserializer()), "conn-c", r -> new AvroSingleObjectDeserializer<>(WebhookEnvelope.class)
                        .deserialize(r.topic(), r.value()).getHeader().getEventId()
                        .equals(malformed.getHeader().getEventId()));
        Header reason = dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("not readable JSON");
    }

    private void send(String connectionId, WebhookEnvelope envelope) throws Exception {
        kafka.send(Topics.WEBHOOKS_INBOUND.name(), connectionId, envelope).get(10, TimeUnit.SECONDS);
    }

    private <V> ConsumerRecord<String, V> awaitRecord(KafkaConsumer<String, V> consumer, String key) {
        return awaitRecord(consumer, key, r -> true);
    }

    private <V> ConsumerRecord<String, V> awaitRecord(KafkaConsumer<String, V> consumer, String key,
                                                      java.util.function.Predicate<ConsumerRecord<String, V>> match) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.key().equals(key) && match.test(r)) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private KafkaConsumer<String, OrderPlaced> orderConsumer() {
        return consumer(Topics.ORDER_EVENTS.name(), new AvroSingleObjectDeserializer<>(OrderPlaced.class));
    }

    private <V> KafkaConsumer<String, V> consumer(String topic, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        consumers.add(consumer);
        return consumer;
    }

    private static WebhookEnvelope envelope(String tenant, SystemKind system, String topic, byte[] body) {
        String eventId = UUID.randomUUID().toString();
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(eventId)
                        .setTenantId(tenant)
                        .setConnectionId("conn-shopify")
                        .setSourceSystem(system)
                        .setOccurredAt(Instant.now())
                        .setCorrelationId(eventId)
                        .build())
                .setSystem(system)
                .setTopic(topic)
                .setDedupeKey("shop.myshopify.com|" + topic + "|" + eventId)
                .setDeliveryId(UUID.randomUUID().toString())
                .setHeaders(Map.of("x-shopify-topic", topic))
                .setBody(ByteBuffer.wrap(body))
                .build();
    }

    private static byte[] fixture(String name) {
        try (InputStream in = ShopifyConnectorIT.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

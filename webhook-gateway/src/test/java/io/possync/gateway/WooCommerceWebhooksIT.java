package io.possync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=webhook-gateway",
        "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "spring.reactor.netty.shutdown-quiet-period=0s"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class WooCommerceWebhooksIT {

    private static final String SECRET = "wc-webhook-secret";

    @Autowired
    WebTestClient http;
    @Autowired
    MongoConnectionStore connections;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void signedOrderWebhookIsPublishedWithTheExactBytesOncePerOrderVersion() {
        Connection shop = woo(SECRET, null, null);
        byte[] order = order(727, "processing", "2026-11-20T09:15:30");
        String dedupeKey = "order.updated|727|2026-11-20T09:15:30";

        post(shop.id(), order, sign(SECRET, order), "order.updated", "delivery-1").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted")
                .jsonPath("$.eventId").isEqualTo(WebhookFixtures.eventId(shop.id(), dedupeKey));
        // WooCommerce repeats deliveries with a new delivery id each time
        post(shop.id(), order, sign(SECRET, order), "order.updated", "delivery-2").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("duplicate");
        byte[] newer = order(727, "completed", "2026-11-20T09:20:01");
        post(shop.id(), newer, sign(SECRET, newer), "order.updated", "delivery-3").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted");

        List<WebhookEnvelope> published = InboundTopicReader.recordsKeyed(broker.getBrokersAsString(), shop.id());
        assertThat(published).extracting(WebhookEnvelope::getDedupeKey)
                .containsExactly(dedupeKey, "order.updated|727|2026-11-20T09:20:01");
        WebhookEnvelope first = published.get(0);
        assertThat(WebhookFixtures.bodyOf(first)).isEqualTo(order);
        assertThat(first.getSystem()).isEqualTo(SystemKind.WOOCOMMERCE);
        assertThat(first.getTopic()).isEqualTo("order.updated");
        assertThat(first.getDeliveryId()).isEqualTo("delivery-1");
        assertThat(first.getHeaders()).containsEntry("x-wc-webhook-topic", "order.updated")
                .doesNotContainKey("x-wc-webhook-signature");
    }

    @Test
    void unsignedCreationPingIsAnsweredOkAndNothingIsPublished() {
        Connection shop = woo(SECRET, null, null);

        http.post().uri("/webhooks/woocommerce/{id}", shop.id()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("webhook_id=15").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("accepted");

        assertThat(InboundTopicReader.recordsKeyed(broker.getBrokersAsString(), shop.id())).isEmpty();
    }

    @Test
    void badSignatureIsRefusedAndPreviousSecretWorksOnlyInItsGracePeriod() {
        Connection rotating = woo(SECRET, "wc-old", Instant.now().plus(Duration.ofHours(1)));
        Connection expired = woo(SECRET, "wc-old", Instant.now().minus(Duration.ofMinutes(1)));
        byte[] order = order(5, "processing", "2026-11-20T09:00:00");

        post(rotating.id(), order, sign("wrong", order), "order.created", "d1").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("bad_signature");
        post(rotating.id(), order, sign("wc-old", order), "order.created", "d2").expectStatus().isOk();
        post(expired.id(), order, sign("wc-old", order), "order.created", "d3").expectStatus().isUnauthorized();

        assertThat(InboundTopicReader.recordsKeyed(broker.getBrokersAsString(), rotating.id())).hasSize(1);
        assertThat(InboundTopicReader.recordsKeyed(broker.getBrokersAsString(), expired.id())).isEmpty();
    }

    private WebTestClient.ResponseSpec post(String connectionId, byte[] body, String signature, String topic,
                                           String deliveryId) {
        return http.post().uri("/webhooks/woocommerce/{id}", connectionId)
                .contentType(MediaType.APPLICATION_JSON)
                .header("User-Agent", "WooCommerce/10.3.0 Hookshot (WordPress/6.8.1)")
                .header("X-WC-Webhook-Source", "https://shop.example/")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", "order")
                .header("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1))
                .header("X-WC-Webhook-Signature", signature)
                .header("X-WC-Webhook-ID", "15")
                .header("X-WC-Webhook-Delivery-ID", deliveryId)
                .bodyValue(body)
                .exchange();
    }

    private static byte[] order(long id, String status, String modifiedGmt) {
        return ("{\"id\":" + id + ",\"status\":\"" + status + "\",\"date_modified_gmt\":\"" + modifiedGmt
                + "\",\"billing\":{\"first_name\":\"S\\u00f8ren\"},\"_links\":{\"self\":[{\"href\":"
                + "\"https:\\/\\/shop.example\\/wp-json\\/wc\\/v3\\/orders\\/" + id + "\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Computed here with the JDK alone, independently of the gateway's signature code. */
    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection woo(String secret, String previous, Instant previousUntil) {
        return connections.save(new Connection("woo-" + UUID.randomUUID(), "tenant-1", SystemKind.WOOCOMMERCE,
                "https://shop.example", Map.of("consumerKey", "ck_x", "consumerSecret", "cs_x"), secret, previous,
                previousUntil)).block(Duration.ofSeconds(5));
    }
}

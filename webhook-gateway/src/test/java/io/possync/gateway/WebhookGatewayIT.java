package io.possync.gateway;

import static com.mongodb.client.model.Filters.eq;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.connection.SecretCipher;
import io.possync.gateway.delivery.MongoDeliveryClaims;
import io.possync.gateway.signature.ShopifySignature;
import io.possync.gateway.signature.ZettleSignature;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import reactor.core.publisher.Flux;
import io.netty.buffer.Unpooled;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=webhook-gateway",
        "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "possync.gateway.max-body-bytes=4KB",
        "possync.connections.cache-ttl=10m",
        "spring.reactor.netty.shutdown-quiet-period=0s"})
// a Zettle delivery may wait seconds for a slow Mongo (its answer window allows it)
@AutoConfigureWebTestClient(timeout = "10s")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = LaggingMongoInitializer.class)
@DirtiesContext
class WebhookGatewayIT {

    private static final String SECRET = "shpss_current";
    private static final byte[] ORDER = ("{\"id\":820982911946154508,\"note\":\"caf\\u00e9 \\/ fish \\u0026 chips\","
            + "\"name\":\"Smørrebrød\"}").getBytes(StandardCharsets.UTF_8);

    @Autowired
    WebTestClient http;
    @Autowired
    MongoConnectionStore connections;
    @Autowired
    MongoDatabase possyncDatabase;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    LaggingMongoInitializer.LaggingBackend mongo;
    @LocalServerPort
    int port;

    @Test
    void signedShopifyDeliveryIsPublishedWithTheExactRawBytes() {
        Connection shop = shopify(SECRET, null, null);

        String eventId = WebhookFixtures.eventId(shop.id(), "orders/paid|ev-1");

        shopifyPost(shop.id(), ORDER, ShopifySignature.sign(SECRET, ORDER), "wh-1", "ev-1")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("accepted")
                .jsonPath("$.eventId").isEqualTo(eventId);

        List<WebhookEnvelope> published = published(shop.id());
        assertThat(published).hasSize(1);
        WebhookEnvelope envelope = published.get(0);
        assertThat(WebhookFixtures.bodyOf(envelope)).isEqualTo(ORDER);
        assertThat(envelope.getSystem()).isEqualTo(SystemKind.SHOPIFY);
        assertThat(envelope.getTopic()).isEqualTo("orders/paid");
        assertThat(envelope.getDedupeKey()).isEqualTo("orders/paid|ev-1");
        assertThat(envelope.getDeliveryId()).isEqualTo("wh-1");
        assertThat(envelope.getHeader().getEventId()).isEqualTo(eventId);
        assertThat(envelope.getHeader().getTenantId()).isEqualTo("tenant-1");
        assertThat(envelope.getHeader().getConnectionId()).isEqualTo(shop.id());
        assertThat(envelope.getHeader().getCausationId()).isNull();
        assertThat(envelope.getHeaders())
                .containsEntry("x-shopify-topic", "orders/paid")
                .containsEntry("x-shopify-shop-domain", "demo.myshopify.com")
                .doesNotContainKeys("x-shopify-hmac-sha256", "authorization");
        assertThat(claimState(shop.id() + "|orders/paid|ev-1")).isEqualTo("PUBLISHED");
    }

    @Test
    void sameDeliveryThreeTimesIsPublishedOnceAndAcknowledgedEachTime() {
        Connection shop = shopify(SECRET, null, null);
        String signature = ShopifySignature.sign(SECRET, ORDER);
        String eventId = WebhookFixtures.eventId(shop.id(), "orders/paid|ev-7");

        shopifyPost(shop.id(), ORDER, signature, "wh-7", "ev-7").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted").jsonPath("$.eventId").isEqualTo(eventId);
        for (String deliveryId : List.of("wh-7", "wh-7-retry")) {
            shopifyPost(shop.id(), ORDER, signature, deliveryId, "ev-7").expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("duplicate").jsonPath("$.eventId").isEqualTo(eventId);
        }

        assertThat(published(shop.id())).hasSize(1);
    }

    @Test
    void tamperedBodyIsRefusedAndNothingIsPublished() {
        Connection shop = shopify(SECRET, null, null);
        byte[] tampered = Arrays.copyOf(ORDER, ORDER.length);
        tampered[5] = '9';

        shopifyPost(shop.id(), tampered, ShopifySignature.sign(SECRET, ORDER), "wh-2", "ev-2")
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("bad_signature");

        assertThat(published(shop.id())).isEmpty();
        assertThat(claimState(shop.id() + "|orders/paid|ev-2")).isNull();
    }

    @Test
    void unknownConnectionSystemOrPathIsNotFound() {
        Connection zettle = zettle(SECRET);
        String signature = ShopifySignature.sign(SECRET, ORDER);

        shopifyPost("no-such-connection", ORDER, signature, "wh-3", "ev-3").expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        shopifyPost(zettle.id(), ORDER, signature, "wh-3", "ev-3").expectStatus().isNotFound();
        http.post().uri("/webhooks/magento/{id}", zettle.id()).bodyValue(ORDER).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
        http.get().uri("/nothing-here").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void aWebhookPathTakesPostOnly() {
        http.get().uri("/webhooks/shopify/{id}", "any").exchange()
                .expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST")
                .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
    }

    @Test
    void missingShopifyHeaderIsABadRequestWithAClearMessage() {
        Connection shop = shopify(SECRET, null, null);

        http.post().uri("/webhooks/shopify/{id}", shop.id())
                .header("X-Shopify-Topic", "orders/paid")
                .header("X-Shopify-Hmac-Sha256", ShopifySignature.sign(SECRET, ORDER))
                .bodyValue(ORDER)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("missing_header")
                .jsonPath("$.message").isEqualTo("header X-Shopify-Webhook-Id is required");
        assertThat(published(shop.id())).isEmpty();
    }

    @Test
    void bodyOverTheLimitIsRefusedWithOrWithoutContentLength() {
        Connection shop = shopify(SECRET, null, null);
        byte[] large = new byte[5 * 1024];
        Arrays.fill(large, (byte) 'x');
        String signature = ShopifySignature.sign(SECRET, large);

        shopifyPost(shop.id(), large, signature, "wh-4", "ev-4").expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("too_large");
        Flux<DataBuffer> chunked = Flux.range(0, 5).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[1024]));
        shopifyHeaders(http.post().uri("/webhooks/shopify/{id}", shop.id()), signature, "wh-4", "ev-4")
                .body(BodyInserters.fromDataBuffers(chunked))
                .exchange()
                .expectStatus().isEqualTo(413);

        assertThat(published(shop.id())).isEmpty();
    }

    @Test
    void previousSecretIsAcceptedDuringRotationAndRefusedAfterIt() {
        Connection rotating = shopify(SECRET, "shpss_old", Instant.now().plus(Duration.ofHours(1)));
        Connection expired = shopify(SECRET, "shpss_old", Instant.now().minus(Duration.ofMinutes(1)));
        String oldSignature = ShopifySignature.sign("shpss_old", ORDER);

        shopifyPost(rotating.id(), ORDER, oldSignature, "wh-5", "ev-5").expectStatus().isOk();
        shopifyPost(expired.id(), ORDER, oldSignature, "wh-5", "ev-5").expectStatus().isUnauthorized();

        assertThat(published(rotating.id())).hasSize(1);
        assertThat(published(expired.id())).isEmpty();
    }

    @Test
    void aSecretChangedByAnotherServiceIsAcceptedAtOnceDespiteTheCachedConnection() {
        Connection shop = shopify("shpss_before", null, null);
        shopifyPost(shop.id(), ORDER, ShopifySignature.sign("shpss_before", ORDER), "wh-8", "ev-8")
                .expectStatus().isOk();
        var elsewhere = new MongoConnectionStore(possyncDatabase,
                new SecretCipher("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), Clock.systemUTC(), Duration.ofMinutes(10));
        elsewhere.save(new Connection(shop.id(), shop.tenantId(), shop.system(), shop.baseUrl(), shop.credentials(),
                "shpss_after", null, null)).block(Duration.ofSeconds(5));

        // the gateway caches connections for 10 minutes here; only the re-read on a mismatch can accept this
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                shopifyPost(shop.id(), ORDER, ShopifySignature.sign("shpss_after", ORDER), "wh-9", "ev-9")
                        .expectStatus().isOk());
        shopifyPost(shop.id(), ORDER, ShopifySignature.sign("shpss_before", ORDER), "wh-10", "ev-10")
                .expectStatus().isUnauthorized();
    }

    @Test
    void zettleEnvelopeIsVerifiedOverItsPayloadStringAndPublished() {
        Connection pos = zettle("zettle-signing-key");
        String payload = "{\"balanceAfter\":[{\"variantUuid\":\"v-1\",\"balance\":\"5\"}],\"note\":\"kaffe \\\"stor\\\" – ø\"}";
        String timestamp = "2026-11-20T10:15:30.123Z";
        byte[] envelope = WebhookFixtures.zettleEnvelope("InventoryBalanceChanged", "msg-1", "uuid-1", payload, timestamp);

        zettlePost(pos.id(), envelope, ZettleSignature.sign("zettle-signing-key", timestamp, payload))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted")
                .jsonPath("$.eventId").isEqualTo(WebhookFixtures.eventId(pos.id(), "msg-1"));
        zettlePost(pos.id(), envelope, ZettleSignature.sign("zettle-signing-key", timestamp, payload))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");

        List<WebhookEnvelope> published = published(pos.id());
        assertThat(published).hasSize(1);
        assertThat(WebhookFixtures.bodyOf(published.get(0))).isEqualTo(envelope);
        assertThat(published.get(0).getTopic()).isEqualTo("InventoryBalanceChanged");
        assertThat(published.get(0).getDedupeKey()).isEqualTo("msg-1");
        assertThat(published.get(0).getDeliveryId()).isEqualTo("uuid-1");
        assertThat(published.get(0).getHeaders()).doesNotContainKey("x-izettle-signature");
    }

    /**
     * The Mongo wait before the publish is what the vendor's answer window leaves the publish (3 s) after the
     * answer margin (1 s): Shopify's 5 s leave 1 s, Zettle's 10 s leave the whole store timeout (5 s). A
     * connection store 3 s slow is then worth waiting for on a Zettle delivery only; Shopify's is turned away
     * in time to be retried.
     */
    @Test
    void aSlowConnectionStoreIsWaitedForWithinEachVendorsOwnAnswerWindow() {
        Connection shop = shopify(SECRET, null, null);
        Connection pos = zettle("zettle-signing-key");
        String payload = "{\"balanceAfter\":[]}";
        String timestamp = "2026-11-20T11:00:00Z";
        byte[] envelope = WebhookFixtures.zettleEnvelope("InventoryBalanceChanged", "msg-slow", "uuid-slow", payload,
                timestamp);

        mongo.lag("find", MongoConnectionStore.COLLECTION, Duration.ofSeconds(3));
        try {
            zettlePost(pos.id(), envelope, ZettleSignature.sign("zettle-signing-key", timestamp, payload))
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("accepted");
            shopifyPost(shop.id(), ORDER, ShopifySignature.sign(SECRET, ORDER), "wh-slow", "ev-slow")
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody().jsonPath("$.error").isEqualTo("unavailable");
        } finally {
            mongo.noLag();
            // the server answers the abandoned lookup late; later tests must not queue behind it
            await().atMost(Duration.ofSeconds(10)).until(() -> mongo.answering() == 0);
        }

        assertThat(published(pos.id())).extracting(WebhookEnvelope::getDedupeKey).containsExactly("msg-slow");
        assertThat(published(shop.id())).isEmpty();
        assertThat(claimState(shop.id() + "|orders/paid|ev-slow")).isNull();
    }

    /**
     * A claim insert that answers after Shopify's wait (1 s) turns the delivery away with 503; the claim it
     * still made is given up, so the shop's retry is published at once instead of being told "in progress"
     * until the claim times out.
     */
    @Test
    void aClaimMadeAfterItsWaitRanOutIsGivenUpSoTheRetryIsPublished() {
        Connection shop = shopify(SECRET, null, null);
        String signature = ShopifySignature.sign(SECRET, ORDER);

        mongo.lag("insert", MongoDeliveryClaims.COLLECTION, Duration.ofSeconds(2));
        try {
            shopifyPost(shop.id(), ORDER, signature, "wh-late", "ev-late").expectStatus().isEqualTo(503);
        } finally {
            mongo.noLag();
            await().atMost(Duration.ofSeconds(10)).until(() -> mongo.answering() == 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> claimState(shop.id() + "|orders/paid|ev-late") == null);

        shopifyPost(shop.id(), ORDER, signature, "wh-late-retry", "ev-late").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted");
        assertThat(published(shop.id())).hasSize(1);
        assertThat(claimState(shop.id() + "|orders/paid|ev-late")).isEqualTo("PUBLISHED");
    }

    /**
     * A sender that stops waiting (here after 0.5 s, while the claim takes 2 s) does not cut the intake short:
     * the delivery is published and marked, and the sender's retry is answered as a duplicate.
     */
    @Test
    void aDeliveryWhoseSenderHangsUpIsStillPublishedOnce() {
        Connection pos = zettle("zettle-signing-key");
        String payload = "{\"balanceAfter\":[]}";
        String timestamp = "2026-11-20T12:00:00Z";
        byte[] envelope = WebhookFixtures.zettleEnvelope("InventoryBalanceChanged", "msg-gone", "uuid-gone", payload,
                timestamp);
        String signature = ZettleSignature.sign("zettle-signing-key", timestamp, payload);

        mongo.lag("insert", MongoDeliveryClaims.COLLECTION, Duration.ofSeconds(2));
        try {
            Mono<Integer> impatient = HttpClient.create().responseTimeout(Duration.ofMillis(500))
                    .headers(h -> h.set("Content-Type", "application/json").set("X-iZettle-Signature", signature))
                    .post().uri("http://localhost:" + port + "/webhooks/zettle/" + pos.id())
                    .send(Mono.just(Unpooled.wrappedBuffer(envelope)))
                    .responseSingle((response, body) -> Mono.just(response.status().code()));
            assertThatThrownBy(() -> impatient.block(Duration.ofSeconds(5)))
                    .isInstanceOf(ReadTimeoutException.class);
        } finally {
            mongo.noLag();
            await().atMost(Duration.ofSeconds(10)).until(() -> mongo.answering() == 0);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(claimState(pos.id() + "|msg-gone")));
        assertThat(published(pos.id())).extracting(WebhookEnvelope::getDedupeKey).containsExactly("msg-gone");
        zettlePost(pos.id(), envelope, signature).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("duplicate");
        assertThat(published(pos.id())).hasSize(1);
    }

    @Test
    void zettleDeliveriesWithoutValidSignatureOrShapeAreRefused() {
        Connection pos = zettle("zettle-signing-key");
        String payload = "{\"balanceAfter\":[]}";
        byte[] envelope = WebhookFixtures.zettleEnvelope("InventoryBalanceChanged", "msg-2", "uuid-2", payload, "2026-11-20T10:00:00Z");

        http.post().uri("/webhooks/zettle/{id}", pos.id()).contentType(MediaType.APPLICATION_JSON).bodyValue(envelope)
                .exchange().expectStatus().isUnauthorized();
        zettlePost(pos.id(), envelope, ZettleSignature.sign("wrong-key", "2026-11-20T10:00:00Z", payload))
                .expectStatus().isUnauthorized();
        zettlePost(pos.id(), "{\"eventName\":".getBytes(StandardCharsets.UTF_8), "00")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("malformed_body");

        assertThat(published(pos.id())).isEmpty();
    }

    @Test
    void zettleSubscriptionTestMessageIsAcknowledgedButNotPublished() {
        Connection pos = zettle("zettle-signing-key");
        byte[] test = ("{\"eventName\":\"TestMessage\",\"organizationUuid\":\"org-1\",\"messageId\":\"t-1\","
                + "\"payload\":{\"data\":\"payload\"}}").getBytes(StandardCharsets.UTF_8);

        http.post().uri("/webhooks/zettle/{id}", pos.id()).contentType(MediaType.APPLICATION_JSON).bodyValue(test)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("accepted");

        assertThat(published(pos.id())).isEmpty();
    }

    @Test
    void freshPendingClaimAsksForRetryAndStaleOneIsTakenOver() {
        Connection shop = shopify(SECRET, null, null);
        String signature = ShopifySignature.sign(SECRET, ORDER);
        insertPendingClaim(shop.id() + "|orders/paid|ev-fresh", Instant.now());
        insertPendingClaim(shop.id() + "|orders/paid|ev-stale", Instant.now().minus(Duration.ofMinutes(5)));

        shopifyPost(shop.id(), ORDER, signature, "wh-8", "ev-fresh").expectStatus().isEqualTo(409)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER);
        shopifyPost(shop.id(), ORDER, signature, "wh-9", "ev-stale").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted");

        List<WebhookEnvelope> published = published(shop.id());
        assertThat(published).extracting(WebhookEnvelope::getDedupeKey).containsExactly("orders/paid|ev-stale");
        assertThat(claimState(shop.id() + "|orders/paid|ev-stale")).isEqualTo("PUBLISHED");
    }

    @Test
    void outcomesAreCountedForPrometheus() {
        Connection shop = shopify(SECRET, null, null);
        shopifyPost(shop.id(), ORDER, ShopifySignature.sign(SECRET, ORDER), "wh-6", "ev-6").expectStatus().isOk();
        shopifyPost(shop.id(), ORDER, "bad", "wh-6", "ev-6").expectStatus().isUnauthorized();

        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape)
                .containsPattern("possync_webhooks_received_seconds_count\\{[^}]*outcome=\"published\"[^}]*system=\"shopify\"")
                .containsPattern("possync_webhooks_received_seconds_count\\{[^}]*outcome=\"bad_signature\"[^}]*system=\"shopify\"")
                .containsPattern("possync_webhooks_received_seconds_bucket\\{[^}]*outcome=\"published\"[^}]*system=\"shopify\"");
    }

    private WebTestClient.ResponseSpec shopifyPost(String connectionId, byte[] body, String signature,
                                                   String webhookId, String eventId) {
        return shopifyHeaders(http.post().uri("/webhooks/shopify/{id}", connectionId), signature, webhookId, eventId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static WebTestClient.RequestBodySpec shopifyHeaders(WebTestClient.RequestBodySpec request, String signature,
                                                                String webhookId, String eventId) {
        return request.header("X-Shopify-Topic", "orders/paid")
                .header("X-Shopify-Hmac-Sha256", signature)
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-Event-Id", eventId)
                .header("X-Shopify-Shop-Domain", "demo.myshopify.com")
                .header("Authorization", "Bearer should-not-travel");
    }

    private WebTestClient.ResponseSpec zettlePost(String connectionId, byte[] body, String signature) {
        return http.post().uri("/webhooks/zettle/{id}", connectionId)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-iZettle-Signature", signature)
                .bodyValue(body)
                .exchange();
    }

    private Connection shopify(String secret, String previous, Instant previousUntil) {
        return save(new Connection("shop-" + UUID.randomUUID(), "tenant-1", SystemKind.SHOPIFY,
                "https://demo.myshopify.com", Map.of("accessToken", "shpat_x"), secret, previous, previousUntil));
    }

    private Connection zettle(String signingKey) {
        return save(new Connection("pos-" + UUID.randomUUID(), "tenant-1", SystemKind.ZETTLE,
                "https://pusher.izettle.com", Map.of(), signingKey, null, null));
    }

    private Connection save(Connection connection) {
        return connections.save(connection).block(Duration.ofSeconds(5));
    }

    private List<WebhookEnvelope> published(String connectionId) {
        return InboundTopicReader.recordsKeyed(broker.getBrokersAsString(), connectionId);
    }

    private void insertPendingClaim(String id, Instant claimedAt) {
        Mono.from(possyncDatabase.getCollection(MongoDeliveryClaims.COLLECTION).insertOne(new Document("_id", id)
                .append("state", "PENDING").append("claimedAt", Date.from(claimedAt))
                .append("receivedAt", Date.from(claimedAt)))).block(Duration.ofSeconds(5));
    }

    private String claimState(String id) {
        Document doc = Mono.from(possyncDatabase.getCollection(MongoDeliveryClaims.COLLECTION)
                .find(eq("_id", id)).first()).block(Duration.ofSeconds(5));
        return doc == null ? null : doc.getString("state");
    }
}

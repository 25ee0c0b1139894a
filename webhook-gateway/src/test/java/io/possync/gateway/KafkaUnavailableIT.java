package io.possync.gateway;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.gateway.delivery.MongoDeliveryClaims;
import io.possync.gateway.signature.ShopifySignature;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Mono;

/** A gateway whose Kafka is unreachable answers 503 fast and keeps no claim, so the vendor's retry is a fresh delivery. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=webhook-gateway",
        "possync.crypto.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        // no broker to create topics on; the admin would otherwise wait for it at start-up
        "spring.kafka.admin.auto-create=false",
        "spring.reactor.netty.shutdown-quiet-period=0s"})
@AutoConfigureWebTestClient(timeout = "10s")
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@DirtiesContext
class KafkaUnavailableIT {

    private static final byte[] BODY = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    @Autowired
    WebTestClient http;
    @Autowired
    MongoConnectionStore connections;
    @Autowired
    MongoDatabase possyncDatabase;

    @DynamicPropertySource
    static void unreachableKafka(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
    }

    @Test
    void unreachableKafkaAnswers503QuicklyAndReleasesTheClaim() {
        connections.save(new Connection("shop-down", "tenant-1", SystemKind.SHOPIFY, "https://demo.myshopify.com",
                Map.of(), "secret", null, null)).block(Duration.ofSeconds(5));

        for (int attempt = 1; attempt <= 2; attempt++) {
            long started = System.nanoTime();
            http.post().uri("/webhooks/shopify/shop-down")
                    .header("X-Shopify-Topic", "orders/paid")
                    .header("X-Shopify-Hmac-Sha256", ShopifySignature.sign("secret", BODY))
                    .header("X-Shopify-Webhook-Id", "wh-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(BODY)
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.error").isEqualTo("unavailable")
                    .jsonPath("$.message").value(m -> assertThat(m.toString()).doesNotContain("Exception"));
            // Shopify gives up on an answer after 5 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4500));
            // released, so the next attempt is handled as new (503 again), not as a duplicate or in progress
            assertThat(claim("shop-down|orders/paid|wh-1")).isNull();
        }
    }

    private Document claim(String id) {
        return Mono.from(possyncDatabase.getCollection(MongoDeliveryClaims.COLLECTION).find(eq("_id", id)).first())
                .block(Duration.ofSeconds(5));
    }
}

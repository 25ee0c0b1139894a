package io.possync.engine;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.test.MongoJavaServerInitializer;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import reactor.core.publisher.Mono;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-engine",
        "possync.crypto.key=" + ManagementApiIT.CRYPTO_KEY,
        "possync.admin.token=it-token",
        "spring.reactor.netty.shutdown-quiet-period=0s",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
@ContextConfiguration(initializers = MongoJavaServerInitializer.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureWebTestClient
@DirtiesContext
class ManagementApiIT {

    static final String CRYPTO_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String SHOP_SECRET = "shpss_super_secret_1";
    private static final String ACCESS_TOKEN = "shpat_access_token_1";

    @Autowired
    private WebTestClient anonymous;
    @Autowired
    private MongoDatabase possyncDatabase;
    @Autowired
    private MongoConnectionStore connectionStore;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Value("${spring.mongodb.uri}")
    private String mongoUri;

    private WebTestClient admin;

    @BeforeEach
    void authenticate() {
        admin = anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer it-token").build();
    }

    @Test
    void everyApiCallNeedsTheAdminToken() {
        anonymous.get().uri("/api/tenants/acme").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized");
        anonymous.get().uri("/api/tenants/acme").header(HttpHeaders.AUTHORIZATION, "Bearer wrong-token").exchange()
                .expectStatus().isUnauthorized();
        anonymous.put().uri("/api/tenants/acme").bodyValue(Map.of("name", "x")).exchange()
                .expectStatus().isUnauthorized();
        anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void tenantIsCreatedThenUpdatedAndUnknownTenantIs404() {
        admin.put().uri("/api/tenants/acme").bodyValue(Map.of("name", "Acme")).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.name").isEqualTo("Acme");
        admin.put().uri("/api/tenants/acme").bodyValue(Map.of("name", "Acme AB")).exchange()
                .expectStatus().isOk();
        admin.get().uri("/api/tenants/acme").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo("acme")
                .jsonPath("$.name").isEqualTo("Acme AB");
        admin.get().uri("/api/tenants/nobody").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
        admin.put().uri("/api/tenants/nobody/connections/c1").bodyValue(shopify(SHOP_SECRET)).exchange()
                .expectStatus().isNotFound();
        admin.get().uri("/api/tenants/nobody/sync-log").exchange().expectStatus().isNotFound();
    }

    @Test
    void connectionSecretsNeverLeaveTheServiceAndAreStoredEncrypted() {
        tenant("secretive");

        String created = admin.put().uri("/api/tenants/secretive/connections/shop-s").bodyValue(shopify(SHOP_SECRET))
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String listed = admin.get().uri("/api/tenants/secretive/connections").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String single = admin.get().uri("/api/tenants/secretive/connections/shop-s").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        for (String body : List.of(created, listed, single)) {
            assertThat(body).doesNotContain(SHOP_SECRET, ACCESS_TOKEN).contains("accessToken");
        }
        admin.get().uri("/api/tenants/secretive/connections/shop-s").exchange().expectBody()
                .jsonPath("$.system").isEqualTo("shopify")
                .jsonPath("$.credentialNames[0]").isEqualTo("accessToken")
                .jsonPath("$.webhookSecretSet").isEqualTo(true);
        Document raw = Mono.from(possyncDatabase.getCollection(MongoConnectionStore.COLLECTION)
                .find(eq("_id", "shop-s")).first()).block();
        assertThat(raw.toJson()).doesNotContain(SHOP_SECRET, ACCESS_TOKEN);
        assertThat(raw.getString("webhookSecret")).startsWith("v1:");
        assertThat(raw.get("credentials", Document.class).getString("accessToken")).startsWith("v1:");
    }

    @Test
    void rotatedWebhookSecretStaysValidForTheGracePeriod() {
        tenant("rotating");
        admin.put().uri("/api/tenants/rotating/connections/shop-r").bodyValue(shopify("old-secret")).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.rotationGraceUntil").doesNotExist();

        Instant before = Instant.now();
        admin.put().uri("/api/tenants/rotating/connections/shop-r").bodyValue(shopify("new-secret")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.rotationGraceUntil").exists();

        Connection stored = connectionStore.find("shop-r").block();
        assertThat(stored.previousSecretValidUntil()).isBetween(before.plus(Duration.ofMinutes(59)),
                Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(stored.webhookSecretsAt(Instant.now())).containsExactly("new-secret", "old-secret");
        assertThat(stored.webhookSecretsAt(Instant.now().plus(Duration.ofHours(2)))).containsExactly("new-secret");
        admin.put().uri("/api/tenants/rotating/connections/shop-r")
                .bodyValue(Map.of("system", "shopify", "baseUrl", "https://rotating.myshopify.com")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.webhookSecretSet").isEqualTo(true)
                .jsonPath("$.credentialNames[0]").isEqualTo("accessToken");
        assertThat(connectionStore.find("shop-r").block().webhookSecret()).isEqualTo("new-secret");
    }

    @Test
    void connectionIdOfAnotherTenantIsAConflict() {
        tenant("first");
        tenant("second");
        admin.put().uri("/api/tenants/first/connections/shared-id").bodyValue(shopify(SHOP_SECRET)).exchange()
                .expectStatus().isCreated();

        admin.put().uri("/api/tenants/second/connections/shared-id").bodyValue(shopify(SHOP_SECRET)).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error").isEqualTo("conflict");
        admin.get().uri("/api/tenants/second/connections/shared-id").exchange().expectStatus().isNotFound();
    }

    @Test
    void flowIsCreatedUpdatedAndListed() {
        tenant("flowing");
        connection("flowing", "web-1", "shopify");
        connection("flowing", "woo-1", "woocommerce");
        connection("flowing", "pos-1f", "zettle");
        Map<String, Object> flow = Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK",
                "webshopConnectionIds", List.of("web-1", "woo-1"), "posConnectionId", "pos-1f");

        admin.put().uri("/api/tenants/flowing/flows/main").bodyValue(flow).exchange()
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.triggerState").isEqualTo("PAID")
                .jsonPath("$.enabled").isEqualTo(true);
        admin.put().uri("/api/tenants/flowing/flows/main")
                .bodyValue(Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK", "webshopConnectionIds", List.of("web-1"),
                        "posConnectionId", "pos-1f", "triggerState", "completed", "enabled", false))
                .exchange().expectStatus().isOk();

        admin.get().uri("/api/tenants/flowing/flows").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].triggerState").isEqualTo("COMPLETED")
                .jsonPath("$[0].enabled").isEqualTo(false)
                .jsonPath("$[0].webshopConnectionIds.length()").isEqualTo(1);
        admin.get().uri("/api/tenants/flowing/flows/main").exchange().expectStatus().isOk();
        admin.get().uri("/api/tenants/flowing/flows/other").exchange().expectStatus().isNotFound();
    }

    @Test
    void badInputIsA400NamingTheField() {
        tenant("strict");
        connection("strict", "strict-shop", "shopify");
        connection("strict", "strict-pos", "zettle");

        expectInvalid(put("/api/tenants/strict/connections/c1",
                Map.of("system", "magento", "baseUrl", "https://x.example")), "system");
        expectInvalid(put("/api/tenants/strict/connections/c1",
                Map.of("system", "shopify", "baseUrl", "not a url")), "baseUrl");
        expectInvalid(put("/api/tenants/strict/connections/bad%7Cid",
                Map.of("system", "shopify", "baseUrl", "https://x.example")), "connectionId");
        expectInvalid(put("/api/tenants/strict", Map.of("name", " ")), "name");
        expectInvalid(put("/api/tenants/strict/flows/f", flow(List.of("strict-shop"), "strict-shop", null)),
                "posConnectionId");
        expectInvalid(put("/api/tenants/strict/flows/f", flow(List.of("strict-pos"), "strict-pos", null)),
                "webshopConnectionIds[0]");
        expectInvalid(put("/api/tenants/strict/flows/f", flow(List.of("missing"), "strict-pos", null)),
                "webshopConnectionIds[0]");
        expectInvalid(put("/api/tenants/strict/flows/f", flow(List.of("strict-shop"), "strict-pos", "SHIPPED")),
                "triggerState");
        expectInvalid(put("/api/tenants/strict/flows/f", Map.of("template", "SOMETHING_ELSE",
                "webshopConnectionIds", List.of("strict-shop"), "posConnectionId", "strict-pos")), "template");
        expectInvalid(put("/api/tenants/strict/flows/f", Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK",
                "webshopConnectionIds", List.of("strict-shop"), "posConnectionId", "strict-pos",
                "enabled", Map.of("nested", true))), "enabled");
        expectInvalid(admin.get().uri("/api/tenants/strict/sync-log?limit=5000").exchange(), "limit");
        expectInvalid(admin.get().uri("/api/tenants/strict/sync-log?outcome=LOST").exchange(), "outcome");
        admin.put().uri("/api/tenants/strict").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.message").isEqualTo("malformed JSON body");
    }

    @Test
    void engineRefusesToStartWithoutAnAdminToken() {
        assertThatThrownBy(() -> SyncEngineApplication.builder().properties(Map.of(
                        "server.port", "0",
                        "spring.mongodb.uri", mongoUri,
                        "spring.kafka.bootstrap-servers", broker.getBrokersAsString(),
                        "possync.crypto.key", CRYPTO_KEY,
                        "possync.admin.token", " "))
                .run().close())
                .rootCause().hasMessageContaining("possync.admin.token");
    }

    @Test
    void syncLogIsEmptyForANewTenant() {
        tenant("quiet");
        admin.get().uri("/api/tenants/quiet/sync-log?limit=10").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        assertThat(Mono.from(possyncDatabase.getCollection("sync_log").countDocuments(Filters.eq("tenantId", "quiet")))
                .block()).isZero();
    }

    private WebTestClient.ResponseSpec put(String uri, Object body) {
        return admin.put().uri(uri).bodyValue(body).exchange();
    }

    private static void expectInvalid(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.message").value(message -> assertThat((String) message).startsWith(field));
    }

    private static Map<String, Object> flow(List<String> webshops, String pos, String trigger) {
        return trigger == null
                ? Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK", "webshopConnectionIds", webshops,
                        "posConnectionId", pos)
                : Map.of("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK", "webshopConnectionIds", webshops,
                        "posConnectionId", pos, "triggerState", trigger);
    }

    private static Map<String, Object> shopify(String webhookSecret) {
        return Map.of("system", "shopify", "baseUrl", "https://rotating.myshopify.com",
                "credentials", Map.of("accessToken", ACCESS_TOKEN), "webhookSecret", webhookSecret);
    }

    private void tenant(String id) {
        put("/api/tenants/" + id, Map.of("name", id)).expectStatus().is2xxSuccessful();
    }

    private void connection(String tenant, String id, String system) {
        put("/api/tenants/" + tenant + "/connections/" + id, Map.of("system", system,
                "baseUrl", "https://" + id + ".example", "credentials", Map.of("key", "value")))
                .expectStatus().isCreated();
    }
}

package io.possync.sandbox.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The WooCommerce simulator over real HTTP: auth, paging, batches, webhooks as the reference describes them. */
class WooCommerceSimulatorIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningWooSimulator sim;
    private static HookReceiver hooks;

    @BeforeAll
    static void start() throws Exception {
        sim = new RunningWooSimulator();
        hooks = new HookReceiver();
    }

    @AfterAll
    static void stop() {
        hooks.close();
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.http().post().uri("/sim/reset").exchange().expectStatus().isNoContent();
        sim.post("/sim/credentials", Map.of("consumerKey", RunningWooSimulator.KEY,
                "consumerSecret", RunningWooSimulator.SECRET));
    }

    @Test
    void plainHttpAcceptsOnlyOAuthAndRefusesBasicReplayedNoncesAndBadSignatures() {
        sim.http().get().uri("/wp-json/wc/v3/products").headers(h -> h.setBasicAuth(RunningWooSimulator.KEY,
                        RunningWooSimulator.SECRET)).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("woocommerce_rest_cannot_view")
                .jsonPath("$.data.status").isEqualTo(401);

        URI signed = sim.signed("GET", "/products", List.of(Map.entry("per_page", "5")));
        sim.http().get().uri(signed).exchange().expectStatus().isOk();
        sim.http().get().uri(signed).exchange().expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.code").isEqualTo("woocommerce_rest_authentication_error")
                .jsonPath("$.message").isEqualTo("Invalid nonce - nonce has already been used.");
        URI tampered = URI.create(sim.signed("GET", "/products", List.of(Map.entry("per_page", "5"))).toString()
                .replace("per_page=5", "per_page=6"));
        sim.http().get().uri(tampered).exchange().expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.message").isEqualTo("Invalid signature - provided signature does not match.");
    }

    @Test
    void listsArePagedWithWpHeadersAndPerPageIsCappedAt100() {
        IntStream.range(0, 25).forEach(i -> sim.product("P" + i, "PAGE-" + i, i));

        sim.http().get().uri(sim.signed("GET", "/products", List.of(Map.entry("per_page", "10"),
                        Map.entry("page", "2")))).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-WP-Total", "25")
                .expectHeader().valueEquals("X-WP-TotalPages", "3")
                .expectHeader().value("Link", link -> assertThat(link).contains("rel=\"next\"").contains("rel=\"prev\""))
                .expectBody().jsonPath("$.length()").isEqualTo(10);
        sim.http().get().uri(sim.signed("GET", "/products", List.of(Map.entry("per_page", "101")))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("rest_invalid_param")
                .jsonPath("$.data.params.per_page").exists();
    }

    @Test
    void batchOver100ItemsIs413AndAFailedItemComesBackInsideThe200() {
        JsonNode good = sim.product("Good", "BATCH-OK", 1);
        JsonNode bad = sim.product("Bad", "BATCH-BAD", 1);
        sim.post("/sim/item-errors", Map.of("sku", "BATCH-BAD", "code", "woocommerce_rest_invalid_stock",
                "message", "Stock locked."));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> tooMany.add(Map.of("id", good.path("id").asLong(), "stock_quantity", i)));

        sim.http().post().uri(sim.signed("POST", "/products/batch", List.of())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("update", tooMany)).exchange()
                .expectStatus().isEqualTo(413).expectBody()
                .jsonPath("$.code").isEqualTo("woocommerce_rest_request_entity_too_large");
        sim.http().post().uri(sim.signed("POST", "/products/batch", List.of())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("update", List.of(
                        Map.of("id", good.path("id").asLong(), "manage_stock", true, "stock_quantity", 7),
                        Map.of("id", bad.path("id").asLong(), "manage_stock", true, "stock_quantity", 7),
                        Map.of("id", 999_999, "manage_stock", true, "stock_quantity", 7)))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.update[0].stock_quantity").isEqualTo(7)
                .jsonPath("$.update[1].error.code").isEqualTo("woocommerce_rest_invalid_stock")
                .jsonPath("$.update[2].error.code").isEqualTo("woocommerce_rest_product_invalid_id");

        assertThat(sim.stock("BATCH-OK")).isEqualTo(7);
        assertThat(sim.stock("BATCH-BAD")).isEqualTo(1);
    }

    @Test
    void webhookIsPingedThenDeliveredSignedOverPhpEscapedBytesAndBurstsCollapse() {
        int before = hooks.received().size();
        sim.webhook("product.updated", hooks.url(), "hook-secret");
        sim.product("Kaffe øko", "HOOK-1", 10);

        JsonNode order = sim.paidOrder("HOOK-1", 1);
        sim.http().post().uri("/sim/orders/" + order.path("id").asLong() + "/status").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "cancelled")).exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).until(() -> hooks.received().size() >= before + 2);
        HookReceiver.Received ping = hooks.received().get(before);
        assertThat(new String(ping.body(), StandardCharsets.UTF_8)).matches("webhook_id=\\d+");
        assertThat(ping.header("X-WC-Webhook-Signature")).isNull();
        HookReceiver.Received delivery = hooks.received().get(before + 1);
        String body = new String(delivery.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"name\":\"Kaffe \\u00f8ko\"").contains("https:\\/\\/shop.example");
        assertThat(delivery.header("X-WC-Webhook-Signature")).isEqualTo(hmac("hook-secret", delivery.body()));
        assertThat(delivery.header("X-WC-Webhook-Topic")).isEqualTo("product.updated");
        assertThat(delivery.header("X-WC-Webhook-Delivery-ID")).matches("[0-9a-f]{32}");
        // reduce and restore within the queue delay: one delivery of the state at send time
        assertThat(JSON.readTree(delivery.body()).path("stock_quantity").asInt()).isEqualTo(10);
        assertThat(sim.get("/sim/deliveries").findValuesAsString("outcome")).contains("coalesced");
    }

    @Test
    void failedDeliveriesAreNeverRetriedAndTheWebhookIsDisabledAfterSixFailures() {
        sim.webhook("order.created", hooks.url(), "s");
        hooks.answer(500, 7);
        int before = hooks.received().size();

        for (int i = 0; i < 6; i++) {
            sim.product("F" + i, "FAIL-" + i, 5);
            sim.paidOrder("FAIL-" + i, 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> hooks.received().size() >= before + 6);
        sim.product("F7", "FAIL-7", 5);
        sim.paidOrder("FAIL-7", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.get("/sim/stats").path("webhooks").get(0)
                .path("status").asString().equals("disabled"));
        assertThat(hooks.received().size() - before).isEqualTo(6);
        assertThat(sim.get("/sim/deliveries").findValuesAsString("outcome")).filteredOn("failed"::equals).hasSize(6);
    }

    @Test
    void paidOrderReducesStockOnceAndOrdersAreFilteredByGmtModificationDate() {
        sim.product("Mug", "ORDER-1", 10);
        JsonNode order = sim.paidOrder("ORDER-1", 3);
        long id = order.path("id").asLong();
        sim.http().post().uri("/sim/orders/" + id + "/status").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "completed")).exchange().expectStatus().isOk();

        assertThat(sim.stock("ORDER-1")).isEqualTo(7);
        assertThat(order.path("status").asString()).isEqualTo("processing");
        assertThat(order.path("total").asString()).isEqualTo("149.40");
        assertThat(order.path("line_items").get(0).path("price").isNumber()).isTrue();
        assertThat(order.path("date_modified_gmt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        sim.http().get().uri(sim.signed("GET", "/orders", List.of(Map.entry("modified_after", "2000-01-01T00:00:00"),
                        Map.entry("dates_are_gmt", "true"), Map.entry("orderby", "modified"), Map.entry("order", "asc"))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$[0].id").isEqualTo(id)
                .jsonPath("$[0].status").isEqualTo("completed");
        sim.http().get().uri(sim.signed("GET", "/orders", List.of(Map.entry("modified_after", "2999-01-01T00:00:00"),
                        Map.entry("dates_are_gmt", "true")))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

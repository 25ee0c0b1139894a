package io.possync.sandbox.zettle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's own contract over real HTTP: auth, pagination, validation, dedupe, webhooks, rate limit. */
class ZettleSimulatorIT {

    private static final String CLIENT_ID = "sim-client";
    private static final String API_KEY = "sim-api-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PUSHER_CONNECTIONS = 128;

    private static ConfigurableApplicationContext simulator;
    private static WebTestClient http;
    private static String baseUrl;

    @BeforeAll
    static void startSimulator() {
        simulator = ZettleSimulatorApplication.builder().run("--server.port=0",
                "--spring.reactor.netty.shutdown-quiet-period=0s", "--sim.zettle.pusher.retry-interval=100ms",
                // below the test receiver's (the JDK HTTP server's) 200 idle connections, which it would close
                "--sim.zettle.pusher.connections=" + PUSHER_CONNECTIONS,
                // a delivery's timeout includes its wait for a connection: ample, so a slow machine is no failure
                "--sim.zettle.pusher.timeout=30s");
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) simulator).getWebServer().getPort();
        http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        http.post().uri("/sim/reset").exchange().expectStatus().isNoContent();
        http.post().uri("/sim/credentials").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", CLIENT_ID, "apiKey", API_KEY)).exchange().expectStatus().isNoContent();
        // most tests are not about the rate limit
        settings(Map.of("rateLimitEnabled", false));
    }

    @Test
    void unknownApiKeyIsAnInvalidGrant() {
        http.post().uri("/token").body(BodyInserters.fromFormData("grant_type", ZettleOAuthController.JWT_BEARER)
                        .with("client_id", CLIENT_ID).with("assertion", "revoked-key"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void assertionGrantGivesATokenThatExpiresAfterExpiresIn() {
        http.post().uri("/token").body(BodyInserters.fromFormData("grant_type", ZettleOAuthController.JWT_BEARER)
                        .with("client_id", CLIENT_ID).with("assertion", API_KEY))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.expires_in").isEqualTo(7200).jsonPath("$.access_token").isNotEmpty();
    }

    @Test
    void apiRefusesMissingUnknownAndExpiredTokens() {
        http.get().uri("/v3/inventories").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*");
        http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer forged")
                .exchange().expectStatus().isUnauthorized();
        String token = token();
        http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk();

        http.post().uri("/sim/tokens/expire").exchange().expectStatus().isNoContent();

        http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"invalid_request\", error_description=\"ACCESS_TOKEN_EXPIRED\"");
    }

    @Test
    void stockIsPagedThroughTheLinkHeaderUntilItIsAbsent() {
        for (int i = 0; i < 5; i++) {
            product("PAGE-" + i, 10 + i);
        }
        String token = token();
        Set<String> variants = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = baseUrl + "/v3/stock?limit=2";
        while (next != null) {
            EntityExchangeResult<String> page = http.get().uri(next).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
            JsonNode rows = JSON.readTree(page.getResponseBody());
            pageSizes.add(rows.size());
            rows.forEach(row -> variants.add(row.path("variantUuid").asString()));
            next = nextLink(page.getResponseHeaders().getFirst(HttpHeaders.LINK));
        }

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(variants).hasSize(5);
    }

    @Test
    void invalidMovementIsRefusedWithViolationsAndNothingMoves() {
        Product mug = product("MUG", 10);
        String token = token();

        http.post().uri("/v3/movements").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(movement(mug, inventory("STORE"), inventory("SOLD"), 0, "not-a-uuid"))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errorType").isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.developerMessage").isNotEmpty()
                .jsonPath("$.violations[?(@.propertyName == 'identifier')]").exists()
                .jsonPath("$.violations[?(@.propertyName == 'movements[0].change')]").exists();

        assertThat(balances()).containsEntry("MUG", 10);
    }

    @Test
    void repeatedIdentifierMovesStockOnceAndBalancesMayGoNegative() {
        Product mug = product("MUG", 1);
        String token = token();
        String identifier = UUID.randomUUID().toString();
        Map<String, Object> body = movement(mug, inventory("STORE"), inventory("SOLD"), 3, identifier);

        for (int i = 0; i < 2; i++) {
            http.post().uri("/v3/movements").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().is2xxSuccessful();
        }

        assertThat(balances()).containsEntry("MUG", -2);
        http.get().uri("/sim/movements").exchange().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].identifier").isEqualTo(identifier)
                .jsonPath("$[0].from").isEqualTo("STORE")
                .jsonPath("$[0].to").isEqualTo("SOLD")
                .jsonPath("$[0].change").isEqualTo(3);
    }

    @Test
    void balanceChangeIsPushedSignedOverTheExactPayloadAndRetriedUntilAccepted() throws Exception {
        Product mug = product("MUG", 10);
        String token = token();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String signingKey = subscribe(token, receiver.url());
            receiver.answer(500);

            http.post().uri("/sim/sales").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("sku", "MUG", "quantity", 2)).exchange().expectStatus().isOk();

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(JSON.readTree(received.get(0).body()).path("eventName").asString()).isEqualTo("TestMessage");
            assertThat(received.get(1).body()).isEqualTo(received.get(2).body());
            WebhookReceiver.Received delivery = received.get(2);
            JsonNode envelope = JSON.readTree(delivery.body());
            String payload = envelope.path("payload").asString();
            assertThat(envelope.path("eventName").asString()).isEqualTo("InventoryBalanceChanged");
            assertThat(delivery.signature()).isEqualTo(
                    hmacSha256Hex(signingKey, envelope.path("timestamp").asString() + "." + payload));
            JsonNode after = JSON.readTree(payload).path("balanceAfter").get(0);
            assertThat(after.path("variantUuid").asString()).isEqualTo(mug.variantUuid());
            assertThat(after.path("balance").asString()).isEqualTo("8");
        }
    }

    @Test
    void messagesPushedWhileTheDestinationIsBusyWaitForAConnectionInsteadOfFailing() throws Exception {
        ZettlePusher pusher = simulator.getBean(ZettlePusher.class);
        int messages = 1_600;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(token(), receiver.url());
            receiver.holdAnswers();
            for (int i = 0; i < messages; i++) {
                pusher.publish("InventoryBalanceChanged", Map.of("organizationUuid", "org", "n", i));
            }
            // every connection the pusher may open is busy (the subscription's TestMessage came first), and the
            // rest of the messages wait for one
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= PUSHER_CONNECTIONS + 1);
            Thread.sleep(500);
            assertThat(receiver.received()).hasSize(PUSHER_CONNECTIONS + 1);
            receiver.answerHeld();

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= messages + 1
                    && pusher.deliveries().stream().noneMatch(d -> "PENDING".equals(d.get("outcome"))));
            // a message the pusher's own client turned away would have been sent again after the retry interval
            assertThat(pusher.deliveries()).hasSize(messages)
                    .allSatisfy(d -> assertThat(d).containsEntry("attempts", 1).containsEntry("outcome", "DELIVERED"));
        }
    }

    @Test
    void requestsBeyondTheRollingAverageAreRefusedWith429() {
        settings(Map.of("rateLimitEnabled", true, "requestsPerSecond", 1, "rateLimitWindow", "PT60S"));
        String token = token();
        int allowed = 61;
        for (int i = 0; i < allowed; i++) {
            http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isOk();
        }
        http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.errorType").isEqualTo("TOO_MANY_REQUESTS");
    }

    @Test
    void armedFaultAnswersTheNextMatchingRequestsThenGoesAway() {
        String token = token();
        http.post().uri("/sim/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("method", "GET", "pathPrefix", "/v3/inventories", "status", 503, "times", 2,
                        "retryAfter", "1"))
                .exchange().expectStatus().isNoContent();

        for (int i = 0; i < 2; i++) {
            http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isEqualTo(503).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
        }
        http.get().uri("/v3/inventories").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(4);
    }

    private record Product(String productUuid, String variantUuid) {
    }

    private Product product(String sku, int balance) {
        String body = http.post().uri("/sim/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", sku, "variants", List.of(Map.of("sku", sku, "balance", balance))))
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        JsonNode product = JSON.readTree(body);
        assertThat(UUID.fromString(product.path("uuid").asString()).version()).isEqualTo(1);
        return new Product(product.path("uuid").asString(), product.path("variants").get(0).path("uuid").asString());
    }

    private String token() {
        String body = http.post().uri("/token")
                .body(BodyInserters.fromFormData("grant_type", ZettleOAuthController.JWT_BEARER)
                        .with("client_id", CLIENT_ID).with("assertion", API_KEY))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body).path("access_token").asString();
    }

    private String inventory(String type) {
        String body = http.get().uri("/sim/stats").exchange().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body).path("inventories").path(type).asString();
    }

    private String subscribe(String token, String destination) {
        String body = http.post().uri("/organizations/self/subscriptions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uuid", UuidV1.next(java.time.Clock.systemUTC()).toString(),
                        "transportName", "WEBHOOK", "eventNames", List.of("InventoryBalanceChanged"),
                        "destination", destination, "contactEmail", "ops@example.com"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body).path("signingKey").asString();
    }

    private Map<String, Integer> balances() {
        String body = http.get().uri("/sim/balances").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        return JSON.readValue(body, new tools.jackson.core.type.TypeReference<Map<String, Integer>>() { });
    }

    private void settings(Map<String, Object> settings) {
        http.post().uri("/sim/settings").contentType(MediaType.APPLICATION_JSON).bodyValue(settings)
                .exchange().expectStatus().isNoContent();
    }

    private static Map<String, Object> movement(Product product, String from, String to, int change,
                                                String identifier) {
        return Map.of("movements", List.of(Map.of("productUuid", product.productUuid(),
                "variantUuid", product.variantUuid(), "from", from, "to", to, "change", change)),
                "identifier", identifier);
    }

    private static String hmacSha256Hex(String key, String signed) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(signed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String nextLink(String link) {
        if (link == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
        return matcher.find() ? matcher.group(1) : null;
    }
}

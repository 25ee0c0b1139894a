package io.possync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = ShopifySimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=shopify-simulator",
                "sim.shopify.client-secret=" + ShopifySimulatorIT.SECRET,
                "sim.shopify.access-token=" + ShopifySimulatorIT.TOKEN,
                "sim.shopify.delivery.initial-backoff=100ms",
                "sim.shopify.delivery.max-attempts=4",
                "spring.reactor.netty.shutdown-quiet-period=0s"})
@AutoConfigureWebTestClient
@DirtiesContext
class ShopifySimulatorIT {

    static final String SECRET = "hush-client-secret";
    static final String TOKEN = "shpat_test_token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Queue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final Queue<Integer> PLANNED_STATUSES = new ConcurrentLinkedQueue<>();
    private static DisposableServer receiver;

    @Autowired
    private WebTestClient client;

    record Received(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void startReceiver() {
        receiver = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/hooks", (request, response) -> request.receive().aggregate()
                        .asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = new HashMap<>();
                            request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                            RECEIVED.add(new Received(headers, body));
                            Integer planned = PLANNED_STATUSES.poll();
                            return response.status(planned == null ? 200 : planned).sendString(Mono.just("ok")).then();
                        })))
                .bindNow();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.disposeNow();
    }

    @BeforeEach
    void resetSimulator() {
        client.post().uri("/sim/reset").exchange().expectStatus().isNoContent();
        RECEIVED.clear();
        PLANNED_STATUSES.clear();
    }

    @Test
    void ordersCreateArrivesSignedWithTheClientSecretOverTheExactBytes() throws Exception {
        subscribe("orders/create");

        JsonNode order = placeOrder(1, "paid", "web");

        Received delivery = awaitDeliveries("orders/create", 1).get(0);
        assertThat(delivery.header("X-Shopify-Hmac-Sha256")).isEqualTo(hmac(SECRET, delivery.body()));
        assertThat(delivery.header("X-Shopify-Hmac-Sha256")).isNotEqualTo(hmac("another-secret", delivery.body()));
        assertThat(delivery.header("X-Shopify-Shop-Domain")).isEqualTo("demo.myshopify.com");
        assertThat(delivery.header("X-Shopify-API-Version")).isEqualTo("2026-07");
        assertThat(delivery.header("X-Shopify-Triggered-At")).isNotBlank();
        String raw = new String(delivery.body(), StandardCharsets.UTF_8);
        assertThat(raw).contains("gid:\\/\\/shopify\\/Order\\/").contains("Kaffe \\u0026 Te").contains("Æblesmag");
        JsonNode body = delivery.json();
        assertThat(body.get("id").isIntegralNumber()).isTrue();
        assertThat(body.get("id").asLong()).isEqualTo(order.get("id").asLong());
        assertThat(body.get("total_price").asString()).isEqualTo("249.00");
        assertThat(body.get("financial_status").asString()).isEqualTo("paid");
        assertThat(body.get("updated_at").asString()).endsWith("+01:00");
        JsonNode line = body.get("line_items").get(0);
        assertThat(line.get("sku").asString()).isEqualTo("KAF-250");
        assertThat(line.get("price").asString()).isEqualTo("124.50");
        assertThat(line.get("tax_lines").get(0).get("rate").decimalValue()).isEqualByComparingTo("0.25");
    }

    @Test
    void duplicatesShareTheEventIdButNotTheWebhookId() {
        subscribe("orders/paid");

        placeOrder(3, "paid", "web");

        List<Received> copies = awaitDeliveries("orders/paid", 3);
        assertThat(copies).extracting(r -> r.header("X-Shopify-Event-Id")).containsOnly(
                copies.get(0).header("X-Shopify-Event-Id"));
        assertThat(copies).extracting(r -> r.header("X-Shopify-Webhook-Id")).doesNotHaveDuplicates();
    }

    @Test
    void aReceiverErrorIsRetriedWithTheOriginalPayload() {
        subscribe("orders/create");
        PLANNED_STATUSES.add(500);

        placeOrder(1, "pending", "web");

        List<Received> attempts = awaitDeliveries("orders/create", 2);
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
        assertThat(attempts.get(1).header("X-Shopify-Event-Id")).isEqualTo(attempts.get(0).header("X-Shopify-Event-Id"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode log = getJson("/sim/deliveries");
            assertThat(log).hasSize(1);
            assertThat(log.get(0).get("attempts").asInt()).isEqualTo(2);
            assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(200);
            assertThat(log.get(0).get("state").asString()).isEqualTo("DELIVERED");
        });
    }

    @Test
    void graphqlWithoutAValidTokenIsUnauthorized() {
        client.post().uri("/admin/api/2026-07/graphql.json").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ orders(first: 1) { nodes { id } } }"))
                .exchange().expectStatus().isUnauthorized();
        client.post().uri("/admin/api/2026-07/graphql.json").contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Access-Token", "shpat_wrong")
                .bodyValue(Map.of("query", "{ orders(first: 1) { nodes { id } } }"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anEmptyBucketAnswersThrottledWithTheCostExtensionsAndNoData() {
        client.post().uri("/sim/graphql/bucket").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentlyAvailable", 5, "restoreRate", 1)).exchange().expectStatus().isOk();

        JsonNode response = graphql("query { orders(first: 50) { nodes { id name } } }", Map.of());

        assertThat(response.has("data")).isFalse();
        assertThat(response.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("THROTTLED");
        JsonNode cost = response.get("extensions").get("cost");
        assertThat(cost.get("requestedQueryCost").asInt()).isGreaterThan(5);
        assertThat(cost.get("throttleStatus").get("maximumAvailable").asInt()).isEqualTo(2000);
        assertThat(cost.get("throttleStatus").get("currentlyAvailable").asInt()).isLessThan(10);
        assertThat(cost.get("throttleStatus").get("restoreRate").asInt()).isEqualTo(1);
    }

    @Test
    void ordersArePagedWithCursorsAndFoundByGid() {
        for (int i = 0; i < 5; i++) {
            placeOrder(1, "paid", i == 4 ? "pos" : "web");
        }
        String query = """
                query Orders($first: Int!, $after: String) {
                  orders(first: $first, after: $after) {
                    pageInfo { hasNextPage endCursor }
                    nodes { id name displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } } }
                  }
                }""";

        JsonNode first = graphql(query, Map.of("first", 2));
        JsonNode firstPage = first.get("data").get("orders");
        assertThat(firstPage.get("nodes")).hasSize(2);
        assertThat(firstPage.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
        assertThat(firstPage.get("nodes").get(0).has("edges")).isFalse();
        assertThat(firstPage.get("nodes").get(0).get("totalPriceSet").get("shopMoney").get("amount").asString())
                .isEqualTo("249.0");
        assertThat(first.get("extensions").get("cost").get("actualQueryCost").asInt()).isPositive();

        Map<String, Object> next = new HashMap<>(Map.of("first", 2));
        next.put("after", firstPage.get("pageInfo").get("endCursor").asString());
        JsonNode second = graphql(query, next).get("data").get("orders");
        next.put("after", second.get("pageInfo").get("endCursor").asString());
        JsonNode third = graphql(query, next).get("data").get("orders");
        assertThat(third.get("nodes")).hasSize(1);
        assertThat(third.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();
        assertThat(List.of(firstPage, second, third).stream()
                .flatMap(p -> p.get("nodes").valueStream()).map(n -> n.get("id").asString()).distinct().count())
                .isEqualTo(5);

        String lastId = third.get("nodes").get(0).get("id").asString();
        JsonNode one = graphql("query($id: ID!) { order(id: $id) { id sourceName retailLocation { id } } }",
                Map.of("id", lastId)).get("data").get("order");
        assertThat(one.get("sourceName").asString()).isEqualTo("pos");
        assertThat(one.get("retailLocation").get("id").asString()).startsWith("gid://shopify/Location/");
        JsonNode pos = graphql("{ orders(first: 10, query: \"source_name:pos\") { nodes { id } } }", Map.of());
        assertThat(pos.get("data").get("orders").get("nodes")).hasSize(1);
    }

    @Test
    void webhookSubscriptionCreateSubscribesTheUri() {
        JsonNode created = graphql("""
                mutation { webhookSubscriptionCreate(topic: ORDERS_UPDATED,
                    webhookSubscription: {uri: "%s", format: JSON}) {
                  webhookSubscription { id topic uri } userErrors { field message } } }"""
                .formatted(receiverUrl()), Map.of()).get("data").get("webhookSubscriptionCreate");
        assertThat(created.get("userErrors")).isEmpty();
        assertThat(created.get("webhookSubscription").get("topic").asString()).isEqualTo("ORDERS_UPDATED");

        placeOrder(1, "paid", "web");

        assertThat(awaitDeliveries("orders/updated", 1)).hasSize(1);
    }

    private JsonNode placeOrder(int duplicates, String financialStatus, String sourceName) {
        String body = """
                {"financialStatus":"%s","sourceName":"%s","email":"soeren@example.dk","firstName":"Søren",
                 "lines":[{"sku":"KAF-250","quantity":2,"price":"124.50","title":"Kaffe & Te – Æblesmag / 250 g"}]}"""
                .formatted(financialStatus, sourceName);
        byte[] created = client.post().uri("/sim/orders?duplicates=" + duplicates).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return JSON.readTree(created);
    }

    private void subscribe(String topic) {
        client.post().uri("/sim/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", topic, "address", receiverUrl())).exchange().expectStatus().isCreated();
    }

    private JsonNode graphql(String query, Map<String, Object> variables) {
        byte[] body = client.post().uri("/admin/api/2026-07/graphql.json").contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Access-Token", TOKEN)
                .bodyValue(Map.of("query", query, "variables", variables))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private JsonNode getJson(String path) {
        return JSON.readTree(client.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody());
    }

    private static List<Received> awaitDeliveries(String topic, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ofTopic(topic).size() >= count);
        return ofTopic(topic);
    }

    private static List<Received> ofTopic(String topic) {
        return RECEIVED.stream().filter(r -> topic.equals(r.header("X-Shopify-Topic"))).toList();
    }

    private static String receiverUrl() {
        return "http://127.0.0.1:" + receiver.port() + "/hooks";
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}

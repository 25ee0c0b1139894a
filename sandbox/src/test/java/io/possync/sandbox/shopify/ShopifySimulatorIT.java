package io.possync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
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

    @Test
    void variantsAreFoundBySkuAndTheirLevelsReadWithQuantities() {
        JsonNode product = createProduct("Filter 4", "FILTER-4", 12);
        createProduct("Filter 6", "FILTER-6", 3);

        JsonNode variants = graphql("""
                query($q: String!) { productVariants(first: 10, query: $q) {
                  nodes { id sku barcode inventoryItem { id } product { id } } } }""",
                Map.of("q", "sku:\"FILTER-4\"")).get("data").get("productVariants").get("nodes");
        assertThat(variants).hasSize(1);
        JsonNode variant = variants.get(0);
        assertThat(variant.get("sku").asString()).isEqualTo("FILTER-4");
        assertThat(variant.get("id").asString()).isEqualTo(product.get("variants").get(0).get("admin_graphql_api_id").asString());
        String item = variant.get("inventoryItem").get("id").asString();
        assertThat(item).startsWith("gid://shopify/InventoryItem/");

        String location = graphql("{ locations(first: 1) { nodes { id name } } }", Map.of())
                .get("data").get("locations").get("nodes").get(0).get("id").asString();
        JsonNode level = graphql("""
                query($item: ID!, $location: ID!) { inventoryItem(id: $item) { sku
                  inventoryLevel(locationId: $location) { id quantities(names: ["available", "committed", "on_hand"]) { name quantity } }
                  inventoryLevels(first: 5) { nodes { location { id } } } } }""",
                Map.of("item", item, "location", location)).get("data").get("inventoryItem");
        assertThat(level.get("sku").asString()).isEqualTo("FILTER-4");
        assertThat(quantities(level.get("inventoryLevel"))).containsEntry("available", 12L)
                .containsEntry("committed", 0L).containsEntry("on_hand", 12L);
        assertThat(level.get("inventoryLevel").get("id").asString()).contains("?inventory_item_id=");
        assertThat(level.get("inventoryLevels").get("nodes")).hasSize(1);

        JsonNode invalid = graphql("query($id: ID!) { inventoryItem(id: $id) { id } }",
                Map.of("id", level.get("inventoryLevel").get("id").asString()));
        assertThat(invalid.get("errors").get(0).get("message").asString()).startsWith("Invalid id");
    }

    @Test
    void inventorySetQuantitiesRequiresTheIdempotentDirectiveAndChangeFromQuantityOnEveryRow() {
        String item = itemOf(createProduct("Kaffe", "KAF-1", 5));
        String location = primaryLocation();

        JsonNode noDirective = graphql(SET_WITHOUT_KEY, Map.of("input", setInput(item, location, 9, 5L, true)));
        assertThat(noDirective.get("errors").get(0).get("message").asString()).contains("@idempotent");

        JsonNode noChangeFrom = graphql(SET, Map.of("key", UUID.randomUUID().toString(),
                "input", setInput(item, location, 9, null, false)));
        assertThat(noChangeFrom.get("errors").get(0).get("message").asString()).contains("changeFromQuantity");

        assertThat(getJson("/sim/inventory").get("KAF-1").asLong()).isEqualTo(5);
    }

    @Test
    void aStaleChangeFromQuantityIsAUserErrorAndNothingIsApplied() {
        String first = itemOf(createProduct("Kaffe", "KAF-2", 5));
        String second = itemOf(createProduct("Te", "TE-2", 8));
        String location = primaryLocation();
        Map<String, Object> input = new HashMap<>(setInput(first, location, 9, 5L, true));
        input.put("quantities", List.of(row(first, location, 9, 5L), row(second, location, 1, 7L)));

        JsonNode answer = graphql(SET, Map.of("key", UUID.randomUUID().toString(), "input", input));

        assertThat(answer.has("errors")).isFalse();
        JsonNode payload = answer.get("data").get("inventorySetQuantities");
        assertThat(payload.get("inventoryAdjustmentGroup").isNull()).isTrue();
        JsonNode error = payload.get("userErrors").get(0);
        assertThat(error.get("code").asString()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(error.get("field").get(2).asString()).isEqualTo("1");
        assertThat(getJson("/sim/inventory").get("KAF-2").asLong()).isEqualTo(5);
        assertThat(getJson("/sim/inventory").get("TE-2").asLong()).isEqualTo(8);
    }

    @Test
    void aSetAppliesOnceEvenWhenItsIdempotencyKeyIsSentTwiceAndEchoesAsAWebhookWithoutSku() {
        subscribe("inventory_levels/update");
        JsonNode product = createProduct("Kaffe", "KAF-3", 5);
        String item = itemOf(product);
        String location = primaryLocation();
        Map<String, Object> variables = Map.of("key", UUID.randomUUID().toString(),
                "input", setInput(item, location, 9, 5L, true));

        JsonNode first = graphql(SET, variables);
        JsonNode again = graphql(SET, variables);

        JsonNode group = first.get("data").get("inventorySetQuantities").get("inventoryAdjustmentGroup");
        JsonNode available = group.get("changes").valueStream()
                .filter(c -> c.get("name").asString().equals("available")).findFirst().orElseThrow();
        assertThat(available.get("delta").asLong()).isEqualTo(4);
        assertThat(available.get("quantityAfterChange").asLong()).isEqualTo(9);
        assertThat(again.get("data")).isEqualTo(first.get("data"));
        assertThat(first.get("extensions").get("cost").get("actualQueryCost").asInt()).isEqualTo(10);
        assertThat(getJson("/sim/inventory").get("KAF-3").asLong()).isEqualTo(9);
        JsonNode writes = getJson("/sim/inventory-writes");
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0).get("source").asString()).isEqualTo("api");
        assertThat(writes.get(0).get("before").asLong()).isEqualTo(5);
        assertThat(getJson("/sim/graphql/stats").get("calls").get("inventorySetQuantities").asLong()).isEqualTo(2);

        Received hook = awaitDeliveries("inventory_levels/update", 1).get(0);
        JsonNode body = hook.json();
        assertThat(body.propertyNames()).containsExactly("inventory_item_id", "location_id", "available",
                "updated_at", "admin_graphql_api_id");
        assertThat(body.get("inventory_item_id").asLong())
                .isEqualTo(product.get("variants").get(0).get("inventory_item_id").asLong());
        assertThat(body.get("available").asLong()).isEqualTo(9);
        assertThat(body.get("updated_at").asString()).endsWith("+01:00");
        assertThat(hook.header("X-Shopify-Event-Id")).isNotBlank();
    }

    @Test
    void moreThan250RowsAreRefused() {
        String item = itemOf(createProduct("Kaffe", "KAF-4", 5));
        String location = primaryLocation();
        Map<String, Object> input = new HashMap<>(setInput(item, location, 9, 5L, true));
        input.put("quantities", Collections.nCopies(251, row(item, location, 9, 5L)));

        JsonNode answer = graphql(SET, Map.of("key", UUID.randomUUID().toString(), "input", input));

        assertThat(answer.get("errors").get(0).get("extensions").get("code").asString())
                .isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
        assertThat(getJson("/sim/inventory").get("KAF-4").asLong()).isEqualTo(5);
    }

    @Test
    void aWebOrderCommitsUnitsAndAnAdminEditSetsAvailableBothAnnouncedAndRecorded() {
        subscribe("inventory_levels/update");
        String item = itemOf(createProduct("Kaffe", "KAF-250", 10));

        placeOrder(1, "paid", "web");
        client.post().uri("/sim/inventory/KAF-250").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("available", 20)).exchange().expectStatus().isOk();

        JsonNode writes = getJson("/sim/inventory-writes");
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).get("source").asString()).isEqualTo("order");
        assertThat(writes.get(0).get("after").asLong()).isEqualTo(8);
        assertThat(writes.get(1).get("source").asString()).isEqualTo("admin");
        assertThat(writes.get(1).get("after").asLong()).isEqualTo(20);
        JsonNode level = graphql("""
                query($item: ID!, $location: ID!) { inventoryItem(id: $item) {
                  inventoryLevel(locationId: $location) { quantities(names: ["available", "committed", "on_hand"]) { name quantity } } } }""",
                Map.of("item", item, "location", primaryLocation())).get("data").get("inventoryItem");
        assertThat(quantities(level.get("inventoryLevel"))).containsEntry("available", 20L)
                .containsEntry("committed", 2L).containsEntry("on_hand", 22L);
        assertThat(awaitDeliveries("inventory_levels/update", 2)).extracting(r -> r.json().get("available").asLong())
                .containsExactlyInAnyOrder(8L, 20L);
    }

    @Test
    void anAdjustmentAppliesItsDeltaOnceForOneKeyIsRefusedWhenStaleAndEchoesAsAWebhook() {
        subscribe("inventory_levels/update");
        String item = itemOf(createProduct("Kaffe", "KAF-9", 5));
        String location = primaryLocation();
        Map<String, Object> change = new HashMap<>(Map.of("inventoryItemId", item, "locationId", location,
                "delta", -2));
        change.put("changeFromQuantity", null);
        Map<String, Object> variables = Map.of("key", UUID.randomUUID().toString(), "input", Map.of(
                "name", "available", "reason", "correction", "referenceDocumentUri", "gid://possync/StockSync/t",
                "changes", List.of(change)));

        JsonNode first = graphql(ADJUST, variables);
        JsonNode again = graphql(ADJUST, variables);

        JsonNode available = first.get("data").get("inventoryAdjustQuantities").get("inventoryAdjustmentGroup")
                .get("changes").valueStream().filter(c -> c.get("name").asString().equals("available"))
                .findFirst().orElseThrow();
        assertThat(available.get("delta").asLong()).isEqualTo(-2);
        assertThat(available.get("quantityAfterChange").asLong()).isEqualTo(3);
        assertThat(again.get("data")).isEqualTo(first.get("data"));
        assertThat(first.get("extensions").get("cost").get("actualQueryCost").asInt()).isEqualTo(10);
        assertThat(getJson("/sim/inventory").get("KAF-9").asLong()).isEqualTo(3);
        assertThat(awaitDeliveries("inventory_levels/update", 1).get(0).json().get("available").asLong())
                .isEqualTo(3);

        Map<String, Object> stale = new HashMap<>(change);
        stale.put("changeFromQuantity", 5);
        JsonNode refused = graphql(ADJUST, Map.of("key", UUID.randomUUID().toString(), "input", Map.of(
                "name", "available", "reason", "correction", "changes", List.of(stale))));
        JsonNode error = refused.get("data").get("inventoryAdjustQuantities").get("userErrors").get(0);
        assertThat(error.get("code").asString()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(error.get("field").get(1).asString()).isEqualTo("changes");
        JsonNode noKey = graphql(ADJUST.replace(" @idempotent(key: $key)", "").replace(", $key: String!", ""),
                Map.of("input", Map.of("name", "available", "reason", "correction", "changes", List.of(change))));
        assertThat(noKey.get("errors").get(0).get("message").asString()).contains("@idempotent");
        assertThat(getJson("/sim/inventory").get("KAF-9").asLong()).isEqualTo(3);
    }

    private static final String ADJUST = """
            mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { createdAt changes { name delta quantityAfterChange } }
                userErrors { code field message } } }""";
    private static final String SET = """
            mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { createdAt changes { name delta quantityAfterChange } }
                userErrors { code field message } } }""";
    private static final String SET_WITHOUT_KEY = """
            mutation Set($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) { userErrors { code field message } } }""";

    private JsonNode createProduct(String title, String sku, long available) {
        byte[] created = client.post().uri("/sim/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", title, "variants", List.of(Map.of("sku", sku, "available", available))))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return JSON.readTree(created);
    }

    private static String itemOf(JsonNode product) {
        return "gid://shopify/InventoryItem/" + product.get("variants").get(0).get("inventory_item_id").asLong();
    }

    private String primaryLocation() {
        return graphql("{ locations(first: 1) { nodes { id } } }", Map.of())
                .get("data").get("locations").get("nodes").get(0).get("id").asString();
    }

    private static Map<String, Object> setInput(String item, String location, long quantity, Long changeFrom,
                                                boolean withChangeFrom) {
        Map<String, Object> row = new HashMap<>(Map.of("inventoryItemId", item, "locationId", location,
                "quantity", quantity));
        if (withChangeFrom) {
            row.put("changeFromQuantity", changeFrom);
        }
        return Map.of("name", "available", "reason", "correction",
                "referenceDocumentUri", "gid://possync/StockSync/test", "quantities", List.of(row));
    }

    private static Map<String, Object> row(String item, String location, long quantity, Long changeFrom) {
        Map<String, Object> row = new HashMap<>(Map.of("inventoryItemId", item, "locationId", location,
                "quantity", quantity));
        row.put("changeFromQuantity", changeFrom);
        return row;
    }

    private static Map<String, Long> quantities(JsonNode level) {
        Map<String, Long> byName = new HashMap<>();
        level.get("quantities").forEach(q -> byName.put(q.get("name").asString(), q.get("quantity").asLong()));
        return byName;
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

package io.possync.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test-side access to the platform over HTTP: simulator control APIs, the gateway, the management API. */
final class SimulatorControl {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Platform platform;

    SimulatorControl(Platform platform) {
        this.platform = platform;
    }

    /** Places an order in the Shopify simulator; it emits the webhooks. Returns the order id. */
    String placeOrder(String financialStatus, int duplicates, Map<String, Integer> skuQuantities) {
        StringBuilder lines = new StringBuilder();
        skuQuantities.forEach((sku, qty) -> lines.append(lines.isEmpty() ? "" : ",")
                .append("{\"sku\":\"%s\",\"quantity\":%d,\"price\":\"49.00\",\"title\":\"%s\"}".formatted(sku, qty, sku)));
        JsonNode order = json(send("POST", platform.shopifySimulatorUrl() + "/sim/orders?duplicates=" + duplicates,
                Map.of(), "{\"financialStatus\":\"%s\",\"sourceName\":\"web\",\"currency\":\"DKK\",\"lines\":[%s]}"
                        .formatted(financialStatus, lines)));
        return order.path("id").asString();
    }

    void cancelOrder(String orderId, int duplicates) {
        send("POST", platform.shopifySimulatorUrl() + "/sim/orders/" + orderId + "/cancel?duplicates=" + duplicates,
                Map.of(), null);
    }

    int zettleBalance(String sku) {
        return level(json(send("GET", platform.zettleSimulatorUrl() + "/sim/balances", Map.of(), null)), sku);
    }

    long zettleMovementsFor(String sku) {
        JsonNode movements = json(send("GET", platform.zettleSimulatorUrl() + "/sim/movements", Map.of(), null));
        long count = 0;
        for (JsonNode m : movements) {
            if (sku.equals(m.path("sku").asString())) {
                count++;
            }
        }
        return count;
    }

    /**
     * A sale at the POS (STORE -> SOLD), announced by Zettle's InventoryBalanceChanged webhook. Returns
     * the identifier of its movement in {@link #zettleMovements()}.
     */
    String zettleSale(String sku, int quantity) {
        return json(send("POST", platform.zettleSimulatorUrl() + "/sim/sales", Map.of(),
                "{\"sku\":\"%s\",\"quantity\":%d}".formatted(sku, quantity))).path("identifier").asString();
    }

    /**
     * One POS sale of several items (STORE -> SOLD, one movement request), announced by one
     * InventoryBalanceChanged webhook carrying every changed balance.
     */
    String zettleBasketSale(Map<String, Integer> quantities) {
        List<Map<String, Object>> lines = new ArrayList<>();
        quantities.forEach((sku, quantity) -> lines.add(Map.of("sku", sku, "quantity", quantity)));
        return json(send("POST", platform.zettleSimulatorUrl() + "/sim/sales", Map.of(),
                JSON.writeValueAsString(Map.of("lines", lines)))).path("identifier").asString();
    }

    /** Every movement the Zettle simulator applied: identifier, sku, from, to, change, at. */
    JsonNode zettleMovements() {
        return json(send("GET", platform.zettleSimulatorUrl() + "/sim/movements", Map.of(), null));
    }

    /** Zettle's own subscription API; the signing key of each subscription is in the answer. */
    JsonNode zettleSubscriptions() {
        return json(send("GET", platform.zettleSimulatorUrl() + "/organizations/self/subscriptions",
                zettleAuth(), null));
    }

    /** Points a Zettle subscription elsewhere through Zettle's API; its signing key stays. */
    void moveZettleSubscription(String uuid, String destination) {
        send("PUT", platform.zettleSimulatorUrl() + "/organizations/self/subscriptions/" + uuid, zettleAuth(),
                "{\"destination\":\"%s\"}".formatted(destination));
    }

    /** Requests served per GraphQL root field ({@code calls}) and requests refused as throttled. */
    JsonNode shopifyGraphqlStats() {
        return json(send("GET", platform.shopifySimulatorUrl() + "/sim/graphql/stats", Map.of(), null));
    }

    /** Changes Shopify's cost bucket; null keeps a value. Returns the bucket's status. */
    JsonNode shopifyBucket(Integer size, Integer restoreRate, Integer currentlyAvailable) {
        return json(send("POST", platform.shopifySimulatorUrl() + "/sim/graphql/bucket", Map.of(),
                JSON.writeValueAsString(bucketChange(size, restoreRate, currentlyAvailable))));
    }

    /** Every change of Shopify's available quantities: sku, before, after, source (api, order, admin), at. */
    JsonNode shopifyInventoryWrites() {
        return json(send("GET", platform.shopifySimulatorUrl() + "/sim/inventory-writes", Map.of(), null));
    }

    /** WooCommerce's {@code apiRequests} and {@code batchRequests} counters. */
    JsonNode wooStats() {
        return json(send("GET", platform.wooCommerceSimulatorUrl() + "/sim/stats", Map.of(), null));
    }

    /** Every value WooCommerce's stock took: sku, value, at, source. */
    JsonNode wooStockWriteHistory() {
        return json(send("GET", platform.wooCommerceSimulatorUrl() + "/sim/stock-writes", Map.of(), null));
    }

    int shopifyAvailable(String sku) {
        return level(json(send("GET", platform.shopifySimulatorUrl() + "/sim/inventory", Map.of(), null)), sku);
    }

    /** A merchant edit of {@code available} in the Shopify admin; the shop announces it as inventory_levels/update. */
    void shopifyAdminSet(String sku, int available) {
        send("POST", platform.shopifySimulatorUrl() + "/sim/inventory/" + sku, Map.of(),
                "{\"available\":%d}".formatted(available));
    }

    /** Every change of the Shopify simulator's available of {@code sku}, as "source:after", oldest first. */
    List<String> shopifyWritesFor(String sku) {
        List<String> writes = new ArrayList<>();
        for (JsonNode write : json(send("GET", platform.shopifySimulatorUrl() + "/sim/inventory-writes", Map.of(),
                null))) {
            if (sku.equals(write.path("sku").asString())) {
                writes.add(write.path("source").asString() + ":" + write.path("after").asLong());
            }
        }
        return writes;
    }

    int wooStock(String sku) {
        return level(json(send("GET", platform.wooCommerceSimulatorUrl() + "/sim/stock", Map.of(), null)), sku);
    }

    /** Every value the WooCommerce simulator's stock of {@code sku} took, oldest first. */
    List<Integer> wooStockWrites(String sku) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode write : json(send("GET", platform.wooCommerceSimulatorUrl() + "/sim/stock-writes", Map.of(), null))) {
            if (sku.equals(write.path("sku").asString())) {
                values.add(write.path("value").asInt());
            }
        }
        return values;
    }

    /** Places a WooCommerce order that reaches processing (paid) at once; it emits order.created. */
    void placeWooOrder(String sku, int quantity) {
        send("POST", platform.wooCommerceSimulatorUrl() + "/sim/orders", Map.of(),
                "{\"setPaid\":true,\"lines\":[{\"sku\":\"%s\",\"quantity\":%d,\"price\":\"49.00\"}]}"
                        .formatted(sku, quantity));
    }

    private static int level(JsonNode levels, String sku) {
        if (!levels.has(sku)) {
            throw new IllegalStateException("no stock level for SKU " + sku + ": " + levels);
        }
        return levels.get(sku).asInt();
    }

    /** Turns stock tracking off for the product of {@code sku} through Zettle's own API; its movements are then refused. */
    void zettleStopTracking(String sku) {
        Map<String, String> auth = zettleAuth();
        for (JsonNode product : json(send("GET", platform.zettleSimulatorUrl() + "/organizations/self/products", auth,
                null))) {
            for (JsonNode variant : product.path("variants")) {
                if (sku.equals(variant.path("sku").asString())) {
                    send("POST", platform.zettleSimulatorUrl() + "/v3/products", auth,
                            "[{\"productUuid\":\"%s\",\"tracking\":\"disable\"}]"
                                    .formatted(product.path("uuid").asString()));
                    return;
                }
            }
        }
        throw new IllegalStateException("the Zettle simulator has no product with SKU " + sku);
    }

    private Map<String, String> zettleAuth() {
        String token = json(send("POST", platform.zettleSimulatorUrl() + "/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&client_id="
                        + DemoTenant.ZETTLE_CLIENT_ID + "&assertion=" + DemoTenant.ZETTLE_API_KEY))
                .path("access_token").asString();
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, Integer> bucketChange(Integer size, Integer restoreRate, Integer currentlyAvailable) {
        Map<String, Integer> change = new HashMap<>();
        change.put("size", size);
        change.put("restoreRate", restoreRate);
        change.put("currentlyAvailable", currentlyAvailable);
        return change;
    }

    void zettleFault(String method, String pathPrefix, int status, int times) {
        send("POST", platform.zettleSimulatorUrl() + "/sim/faults", Map.of(),
                "{\"method\":\"%s\",\"pathPrefix\":\"%s\",\"status\":%d,\"times\":%d}"
                        .formatted(method, pathPrefix, status, times));
    }

    /** The next {@code count} webhook deliveries of the Zettle simulator are lost. */
    void zettleDropNextWebhooks(int count) {
        send("POST", platform.zettleSimulatorUrl() + "/sim/webhooks/drop-next", Map.of(), "{\"count\":%d}".formatted(count));
    }

    /** The next {@code count} webhook deliveries of the Shopify simulator are lost. */
    void shopifyDropNextWebhooks(int count) {
        send("POST", platform.shopifySimulatorUrl() + "/sim/webhooks/drop-next", Map.of(), "{\"count\":%d}".formatted(count));
    }

    /** The next {@code count} webhook deliveries of the Shopify simulator are held until released. */
    void shopifyHoldNextWebhooks(int count) {
        send("POST", platform.shopifySimulatorUrl() + "/sim/webhooks/hold-next", Map.of(), "{\"count\":%d}".formatted(count));
    }

    /** Sends the held Shopify deliveries newest first, one after the other; returns how many. */
    int shopifyReleaseHeldWebhooks() {
        return json(send("POST", platform.shopifySimulatorUrl() + "/sim/webhooks/release-held", Map.of(), null))
                .path("released").asInt();
    }

    /** Every level our API writes gave {@code sku} in the Shopify simulator, oldest first. */
    List<Integer> shopifyApiWrites(String sku) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode write : json(send("GET", platform.shopifySimulatorUrl() + "/sim/inventory-writes", Map.of(), null))) {
            if (sku.equals(write.path("sku").asString()) && "api".equals(write.path("source").asString())) {
                values.add(write.path("after").asInt());
            }
        }
        return values;
    }

    /** Every value our REST writes gave {@code sku}'s stock in the WooCommerce simulator, oldest first. */
    List<Integer> wooRestWrites(String sku) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode write : json(send("GET", platform.wooCommerceSimulatorUrl() + "/sim/stock-writes", Map.of(), null))) {
            if (sku.equals(write.path("sku").asString()) && "rest".equals(write.path("source").asString())) {
                values.add(write.path("value").asInt());
            }
        }
        return values;
    }

    /** Saves the demo flow again (1a across the three systems) with another reconciliation interval. */
    void demoFlowReconcilingEvery(String interval) {
        new DemoTenant(platform).saveFlow("POS_MASTER", interval);
    }

    /** Every sync-log entry about {@code subject}, newest first. */
    JsonNode fullSyncLog(String subject) {
        return json(send("GET", platform.managementUrl() + "/api/tenants/" + DemoTenant.TENANT
                + "/sync-log?limit=500&subject=" + subject,
                Map.of("Authorization", "Bearer " + platform.managementToken()), null));
    }

    JsonNode syncLog(String subject) {
        return json(send("GET", platform.managementUrl() + "/api/tenants/" + DemoTenant.TENANT
                + "/sync-log?subject=" + subject, Map.of("Authorization", "Bearer " + platform.managementToken()), null));
    }

    /** The newest {@code limit} sync-log entries about {@code subject}. */
    JsonNode syncLog(String subject, int limit) {
        return json(send("GET", platform.managementUrl() + "/api/tenants/" + DemoTenant.TENANT
                + "/sync-log?subject=" + subject + "&limit=" + limit,
                Map.of("Authorization", "Bearer " + platform.managementToken()), null));
    }

    HttpResponse<String> postWebhook(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    String send(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        HttpResponse<String> response = exchange(request.build());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}

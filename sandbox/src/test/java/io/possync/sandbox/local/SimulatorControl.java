package io.possync.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        JsonNode balances = json(send("GET", platform.zettleSimulatorUrl() + "/sim/balances", Map.of(), null));
        if (!balances.has(sku)) {
            throw new IllegalStateException("the Zettle simulator has no product with SKU " + sku + ": " + balances);
        }
        return balances.get(sku).asInt();
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

    void zettleFault(String method, String pathPrefix, int status, int times) {
        send("POST", platform.zettleSimulatorUrl() + "/sim/faults", Map.of(),
                "{\"method\":\"%s\",\"pathPrefix\":\"%s\",\"status\":%d,\"times\":%d}"
                        .formatted(method, pathPrefix, status, times));
    }

    JsonNode syncLog(String subject) {
        return json(send("GET", platform.managementUrl() + "/api/tenants/" + DemoTenant.TENANT
                + "/sync-log?subject=" + subject, Map.of("Authorization", "Bearer " + platform.managementToken()), null));
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
        headers.forEach(request::header);
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

package io.possync.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo tenant of the local run: a Shopify webshop (`demo-shopify`) whose paid orders draw stock
 * from a Zettle POS (`demo-zettle`). Created through the public management API and the simulators'
 * control APIs, exactly as an operator would, so the seeding itself exercises the platform.
 * Every value here is for local use only.
 */
public final class DemoTenant {

    public static final String TENANT = "demo";
    public static final String SHOPIFY_CONNECTION = "demo-shopify";
    public static final String ZETTLE_CONNECTION = "demo-zettle";
    public static final String FLOW = "demo-orders-draw-pos-stock";
    public static final String ADMIN_TOKEN = "demo-admin-token";
    /** base64 of the 32 ASCII bytes "demo-only-key-do-not-use-in-prod". */
    public static final String CRYPTO_KEY = "ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    public static final String SHOPIFY_WEBHOOK_SECRET = "demo-shopify-webhook-secret";
    public static final String SHOPIFY_ACCESS_TOKEN = "shpat_demo_access_token";
    public static final String ZETTLE_CLIENT_ID = "demo-zettle-client";
    public static final String ZETTLE_API_KEY = "demo-zettle-api-key";
    public static final List<String> ORDER_TOPICS =
            List.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled");

    /** The POS catalogue of the demo: SKU and starting STORE balance. */
    public record DemoProduct(String name, String sku, int balance) {
    }

    public static final List<DemoProduct> PRODUCTS = List.of(
            new DemoProduct("Mug blue", "MUG-BLUE", 20),
            new DemoProduct("Mug red", "MUG-RED", 15),
            new DemoProduct("T-shirt M", "TEE-M", 30),
            new DemoProduct("T-shirt L", "TEE-L", 25),
            new DemoProduct("Poster A2", "POSTER-A2", 10));

    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Platform platform;

    public DemoTenant(Platform platform) {
        this.platform = platform;
    }

    /** Creates (or updates) everything the demo needs; safe to run on every start. */
    public void seed() {
        seedZettleSimulator(PRODUCTS);
        String api = platform.managementUrl() + "/api/tenants/" + TENANT;
        admin("PUT", api, "{\"name\":\"Demo shop\"}");
        admin("PUT", api + "/connections/" + SHOPIFY_CONNECTION, """
                {"system":"shopify","baseUrl":"%s","credentials":{"accessToken":"%s"},"webhookSecret":"%s"}"""
                .formatted(platform.shopifySimulatorUrl(), SHOPIFY_ACCESS_TOKEN, SHOPIFY_WEBHOOK_SECRET));
        admin("PUT", api + "/connections/" + ZETTLE_CONNECTION, """
                {"system":"zettle","baseUrl":"%s","credentials":{"clientId":"%s","apiKey":"%s"}}"""
                .formatted(platform.zettleSimulatorUrl(), ZETTLE_CLIENT_ID, ZETTLE_API_KEY));
        admin("PUT", api + "/flows/" + FLOW, """
                {"template":"WEBSHOP_ORDERS_DRAW_POS_STOCK","webshopConnectionIds":["%s"],
                 "posConnectionId":"%s","triggerState":"PAID","enabled":true}"""
                .formatted(SHOPIFY_CONNECTION, ZETTLE_CONNECTION));
        String webhookAddress = platform.gatewayUrl() + "/webhooks/shopify/" + SHOPIFY_CONNECTION;
        for (String topic : ORDER_TOPICS) {
            call("POST", platform.shopifySimulatorUrl() + "/sim/subscriptions", null,
                    "{\"topic\":\"%s\",\"address\":\"%s\"}".formatted(topic, webhookAddress));
        }
        log.info("demo tenant '{}' ready: {} -> {} (flow {})", TENANT, SHOPIFY_CONNECTION, ZETTLE_CONNECTION, FLOW);
    }

    /** Credentials and products of the Zettle simulator (it keeps its state in memory). */
    public void seedZettleSimulator(List<DemoProduct> products) {
        String sim = platform.zettleSimulatorUrl() + "/sim";
        call("POST", sim + "/credentials", null,
                "{\"clientId\":\"%s\",\"apiKey\":\"%s\"}".formatted(ZETTLE_CLIENT_ID, ZETTLE_API_KEY));
        for (DemoProduct p : products) {
            call("POST", sim + "/products", null, """
                    {"name":"%s","variants":[{"sku":"%s","balance":%d}]}""".formatted(p.name(), p.sku(), p.balance()));
        }
    }

    private String admin(String method, String url, String body) {
        return call(method, url, "Bearer " + platform.managementToken(), body);
    }

    private String call(String method, String url, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the demo tenant", e);
        }
    }
}

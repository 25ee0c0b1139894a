package io.possync.sandbox.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.connector.woocommerce.client.OAuth1Signer;
import io.possync.sandbox.zettle.UuidV1;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo tenant of the local run: a Zettle POS (`demo-zettle`) that is master of products and
 * stock for two webshops, Shopify (`demo-shopify`) and WooCommerce (`demo-woocommerce`), in flow
 * template 1a: every POS stock change reaches both webshops, and paid webshop orders draw from POS
 * stock. Created through the public management API and each vendor's own API (webhook
 * subscriptions) or the simulators' control APIs (catalogues), as an operator would, so the
 * seeding itself exercises the platform. Every value here is for local use only.
 */
public final class DemoTenant {

    public static final String TENANT = "demo";
    public static final String SHOPIFY_CONNECTION = "demo-shopify";
    public static final String ZETTLE_CONNECTION = "demo-zettle";
    public static final String WOOCOMMERCE_CONNECTION = "demo-woocommerce";
    public static final String FLOW = "demo-pos-master";
    /** Template name of flow 1c: {@link #seed(String)} makes Shopify its master of stock. */
    public static final String WEBSHOP_MASTER = "WEBSHOP_MASTER";
    public static final String ADMIN_TOKEN = "demo-admin-token";
    /** base64 of the 32 ASCII bytes "demo-only-key-do-not-use-in-prod". */
    public static final String CRYPTO_KEY = "ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    public static final String SHOPIFY_WEBHOOK_SECRET = "demo-shopify-webhook-secret";
    public static final String SHOPIFY_ACCESS_TOKEN = "shpat_demo_access_token";
    public static final String ZETTLE_CLIENT_ID = "demo-zettle-client";
    public static final String ZETTLE_API_KEY = "demo-zettle-api-key";
    public static final String WOO_CONSUMER_KEY = "ck_demo_consumer_key";
    public static final String WOO_CONSUMER_SECRET = "cs_demo_consumer_secret";
    public static final String WOO_WEBHOOK_SECRET = "demo-woocommerce-webhook-secret";
    public static final List<String> SHOPIFY_TOPICS =
            List.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled", "inventory_levels/update");
    public static final List<String> WOO_TOPICS = List.of("order.created", "order.updated", "product.updated");

    /** A product of the demo catalogue: the same SKU in all three systems, with its starting stock. */
    public record DemoProduct(String name, String sku, int balance) {
    }

    public static final List<DemoProduct> PRODUCTS = List.of(
            new DemoProduct("Mug blue", "MUG-BLUE", 20),
            new DemoProduct("Mug red", "MUG-RED", 15),
            new DemoProduct("T-shirt M", "TEE-M", 30),
            new DemoProduct("T-shirt L", "TEE-L", 25),
            new DemoProduct("Poster A2", "POSTER-A2", 10));

    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Platform platform;

    public DemoTenant(Platform platform) {
        this.platform = platform;
    }

    /** Creates (or updates) everything the demo needs; safe to run on every start. */
    public void seed() {
        seed("POS_MASTER");
    }

    /**
     * The demo with its flow on another template, e.g. WEBSHOP_ORDERS_DRAW_POS_STOCK (orders only), or
     * WEBSHOP_MASTER (1c), where Shopify is the master of stock and WooCommerce follows it.
     */
    public void seed(String flowTemplate) {
        call("POST", platform.zettleSimulatorUrl() + "/sim/credentials", null,
                json(Map.of("clientId", ZETTLE_CLIENT_ID, "apiKey", ZETTLE_API_KEY)));
        call("POST", platform.wooCommerceSimulatorUrl() + "/sim/credentials", null,
                json(Map.of("consumerKey", WOO_CONSUMER_KEY, "consumerSecret", WOO_CONSUMER_SECRET)));
        seedProducts(PRODUCTS);

        String api = platform.managementUrl() + "/api/tenants/" + TENANT;
        admin("PUT", api, json(Map.of("name", "Demo shop")));
        admin("PUT", api + "/connections/" + SHOPIFY_CONNECTION, json(Map.of("system", "shopify",
                "baseUrl", platform.shopifySimulatorUrl(), "credentials", Map.of("accessToken", SHOPIFY_ACCESS_TOKEN),
                "webhookSecret", SHOPIFY_WEBHOOK_SECRET)));
        admin("PUT", api + "/connections/" + WOOCOMMERCE_CONNECTION, json(Map.of("system", "woocommerce",
                "baseUrl", platform.wooCommerceSimulatorUrl(),
                "credentials", Map.of("consumerKey", WOO_CONSUMER_KEY, "consumerSecret", WOO_CONSUMER_SECRET),
                "webhookSecret", WOO_WEBHOOK_SECRET)));
        admin("PUT", api + "/connections/" + ZETTLE_CONNECTION, json(Map.of("system", "zettle",
                "baseUrl", platform.zettleSimulatorUrl(),
                "credentials", Map.of("clientId", ZETTLE_CLIENT_ID, "apiKey", ZETTLE_API_KEY))));
        saveFlow(flowTemplate, null);

        subscribeShopify();
        subscribeWooCommerce();
        subscribeZettle(api);
        log.info("demo tenant '{}' ready: flow {} ({}) with POS {} and webshops {}, {}", TENANT, FLOW, flowTemplate,
                ZETTLE_CONNECTION, SHOPIFY_CONNECTION, WOOCOMMERCE_CONNECTION);
    }

    /**
     * Saves the demo flow on {@code flowTemplate}; a {@code reconcileInterval} (e.g. "10s") makes every
     * connector poll its connection that often, null keeps the default.
     */
    public void saveFlow(String flowTemplate, String reconcileInterval) {
        Map<String, Object> flow = new LinkedHashMap<>(Map.of("template", flowTemplate,
                "webshopConnectionIds", List.of(SHOPIFY_CONNECTION, WOOCOMMERCE_CONNECTION),
                "posConnectionId", ZETTLE_CONNECTION, "triggerState", "PAID", "enabled", true));
        if (WEBSHOP_MASTER.equals(flowTemplate)) {
            flow.put("stockMasterConnectionId", SHOPIFY_CONNECTION);
        }
        if (reconcileInterval != null) {
            flow.put("reconcileInterval", reconcileInterval);
        }
        admin("PUT", platform.managementUrl() + "/api/tenants/" + TENANT + "/flows/" + FLOW, json(flow));
    }

    /** Puts products into all three simulators (they keep their state in memory) with the same starting stock. */
    public void seedProducts(List<DemoProduct> products) {
        for (DemoProduct p : products) {
            call("POST", platform.zettleSimulatorUrl() + "/sim/products", null, json(Map.of("name", p.name(),
                    "variants", List.of(Map.of("sku", p.sku(), "balance", p.balance())))));
            call("POST", platform.shopifySimulatorUrl() + "/sim/products", null, json(Map.of("title", p.name(),
                    "variants", List.of(Map.of("sku", p.sku(), "available", p.balance(), "price", "49.00")))));
            call("POST", platform.wooCommerceSimulatorUrl() + "/sim/products", null, json(Map.of("name", p.name(),
                    "sku", p.sku(), "stock", p.balance(), "price", "49.00")));
        }
    }

    private void subscribeShopify() {
        String address = platform.gatewayUrl() + "/webhooks/shopify/" + SHOPIFY_CONNECTION;
        for (String topic : SHOPIFY_TOPICS) {
            call("POST", platform.shopifySimulatorUrl() + "/sim/subscriptions", null,
                    json(Map.of("topic", topic, "address", address)));
        }
    }

    /** Through WooCommerce's own REST API (OAuth 1.0a over plain HTTP, as the connector signs). */
    private void subscribeWooCommerce() {
        String url = platform.wooCommerceSimulatorUrl() + "/wp-json/wc/v3/webhooks";
        for (String topic : WOO_TOPICS) {
            String query = OAuth1Signer.sign("POST", url, List.of(), WOO_CONSUMER_KEY, WOO_CONSUMER_SECRET,
                            System.currentTimeMillis() / 1000, UUID.randomUUID().toString().replace("-", ""))
                    .stream().map(e -> OAuth1Signer.encode(e.getKey()) + "=" + OAuth1Signer.encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            call("POST", url + "?" + query, null, json(Map.of("name", "possync " + topic, "topic", topic,
                    "status", "active", "secret", WOO_WEBHOOK_SECRET,
                    "delivery_url", platform.gatewayUrl() + "/webhooks/woocommerce/" + WOOCOMMERCE_CONNECTION)));
        }
    }

    /**
     * Through Zettle's Pusher API: Zettle answers with the signing key of the subscription, which
     * becomes the connection's webhook secret (Zettle sends an unsigned test message first, so the
     * connection must exist before).
     */
    private void subscribeZettle(String api) {
        String token = JSON.readTree(send("POST", platform.zettleSimulatorUrl() + "/token", null,
                "application/x-www-form-urlencoded", "grant_type=" + URLEncoder.encode(
                        "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&client_id=" + ZETTLE_CLIENT_ID + "&assertion=" + ZETTLE_API_KEY))
                .path("access_token").asString();
        String subscription = call("POST", platform.zettleSimulatorUrl() + "/organizations/self/subscriptions",
                "Bearer " + token, json(Map.of("uuid", UuidV1.next(Clock.systemUTC()).toString(),
                        "transportName", "WEBHOOK", "eventNames", List.of("InventoryBalanceChanged"),
                        "destination", platform.gatewayUrl() + "/webhooks/zettle/" + ZETTLE_CONNECTION,
                        "contactEmail", "ops@example.com")));
        admin("PUT", api + "/connections/" + ZETTLE_CONNECTION, json(Map.of("system", "zettle",
                "baseUrl", platform.zettleSimulatorUrl(),
                "webhookSecret", JSON.readTree(subscription).path("signingKey").asString())));
    }

    private String admin(String method, String url, String body) {
        return call(method, url, "Bearer " + platform.managementToken(), body);
    }

    private String call(String method, String url, String authorization, String jsonBody) {
        return send(method, url, authorization, "application/json", jsonBody);
    }

    private String send(String method, String url, String authorization, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
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

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}

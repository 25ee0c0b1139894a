package io.possync.sandbox.woocommerce;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.possync.connector.woocommerce.client.OAuth1Signer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WooCommerce simulator on a random port, driven through its control API and its OAuth-signed REST API. */
final class RunningWooSimulator implements AutoCloseable {

    static final String KEY = "ck_it_4f1c9e2a";
    static final String SECRET = "cs_it_9b8a7f6e";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final String url;
    private final WebTestClient http;

    RunningWooSimulator(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--spring.reactor.netty.shutdown-quiet-period=0s";
        all[2] = "--sim.woocommerce.delivery-delay=100ms";
        System.arraycopy(args, 0, all, 3, args.length);
        context = WooCommerceSimulatorApplication.builder().run(all);
        url = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        http = WebTestClient.bindToServer().baseUrl(url).responseTimeout(Duration.ofSeconds(20)).build();
        post("/sim/credentials", Map.of("consumerKey", KEY, "consumerSecret", SECRET));
    }

    String url() {
        return url;
    }

    WebTestClient http() {
        return http;
    }

    /** The URL of an API call signed with OAuth 1.0a (the connector's signer; the simulator verifies independently). */
    URI signed(String method, String path, List<Map.Entry<String, String>> query) {
        String base = url + "/wp-json/wc/v3" + path;
        List<Map.Entry<String, String>> params = new ArrayList<>(query);
        params.addAll(OAuth1Signer.sign(method, base, query, KEY, SECRET, System.currentTimeMillis() / 1000,
                UUID.randomUUID().toString().replace("-", "")));
        StringBuilder uri = new StringBuilder(base).append('?');
        for (Map.Entry<String, String> p : params) {
            uri.append(OAuth1Signer.encode(p.getKey())).append('=').append(OAuth1Signer.encode(p.getValue())).append('&');
        }
        return URI.create(uri.substring(0, uri.length() - 1));
    }

    JsonNode product(String name, String sku, int stock) {
        return create("/sim/products", Map.of("name", name, "sku", sku, "stock", stock));
    }

    JsonNode variableProduct(String name, Map<String, Integer> stockBySku) {
        return create("/sim/products", Map.of("name", name, "variations", stockBySku.entrySet().stream()
                .map(e -> Map.of("sku", e.getKey(), "stock", e.getValue())).toList()));
    }

    JsonNode paidOrder(String sku, int quantity) {
        return create("/sim/orders", Map.of("lines", List.of(Map.of("sku", sku, "quantity", quantity, "price", "49.80")),
                "setPaid", true, "email", "soren@example.com"));
    }

    JsonNode create(String path, Object body) {
        return JSON.readTree(http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
    }

    void webhook(String topic, String deliveryUrl, String secret) {
        http.post().uri(signed("POST", "/webhooks", List.of())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", topic, "topic", topic, "delivery_url", deliveryUrl, "secret", secret))
                .exchange().expectStatus().isCreated();
    }

    int stock(String sku) {
        return get("/sim/stock").path(sku).asInt();
    }

    long batchRequests() {
        return get("/sim/stats").path("batchRequests").asLong();
    }

    JsonNode get(String path) {
        return JSON.readTree(http.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    void post(String path, Object body) {
        http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isNoContent();
    }

    @Override
    public void close() {
        context.close();
    }
}

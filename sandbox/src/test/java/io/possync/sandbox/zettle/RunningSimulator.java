package io.possync.sandbox.zettle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Zettle simulator on a random port, driven through its control API. */
final class RunningSimulator implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final String url;
    private final WebTestClient http;

    RunningSimulator(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--spring.reactor.netty.shutdown-quiet-period=0s";
        System.arraycopy(args, 0, all, 2, args.length);
        context = ZettleSimulatorApplication.builder().run(all);
        url = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        http = WebTestClient.bindToServer().baseUrl(url).responseTimeout(Duration.ofSeconds(10)).build();
    }

    String url() {
        return url;
    }

    WebTestClient http() {
        return http;
    }

    void acceptApiKey(String clientId, String apiKey) {
        post("/sim/credentials", Map.of("clientId", clientId, "apiKey", apiKey));
    }

    /** A new product with one variant; answers its body. */
    JsonNode product(String name, String sku, int balance) {
        return JSON.readTree(http.post().uri("/sim/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "variants", List.of(Map.of("sku", sku, "balance", balance))))
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
    }

    /** An access token of Zettle's assertion grant, for calling Zettle's API directly. */
    String accessToken(String clientId, String apiKey) {
        return JSON.readTree(http.post().uri("/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&client_id=" + clientId
                        + "&assertion=" + apiKey)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .path("access_token").asString();
    }

    /** {@code POST /v3/movements} through Zettle's own API; answers the response body. */
    JsonNode postMovements(String token, Object body) {
        return JSON.readTree(http.post().uri("/v3/movements").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().is2xxSuccessful().expectBody(String.class).returnResult()
                .getResponseBody());
    }

    /** Deletes the product holding {@code sku} through Zettle's own API (Product Library DELETE). */
    void deleteProduct(String sku, String clientId, String apiKey) {
        String token = accessToken(clientId, apiKey);
        JsonNode products = JSON.readTree(http.get().uri("/organizations/self/products")
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        for (JsonNode product : products) {
            for (JsonNode variant : product.path("variants")) {
                if (sku.equals(variant.path("sku").asString())) {
                    http.delete().uri("/organizations/self/products/" + product.path("uuid").asString())
                            .header("Authorization", "Bearer " + token).exchange().expectStatus().isNoContent();
                    return;
                }
            }
        }
        throw new IllegalStateException("no product with SKU " + sku);
    }

    void fault(Map<String, Object> fault) {
        post("/sim/faults", fault);
    }

    void clearFaults() {
        http.delete().uri("/sim/faults").exchange().expectStatus().isNoContent();
    }

    void expireTokens() {
        http.post().uri("/sim/tokens/expire").exchange().expectStatus().isNoContent();
    }

    int balance(String sku) {
        return get("/sim/balances").path(sku).asInt();
    }

    long movementsOf(String sku) {
        long count = 0;
        for (JsonNode movement : get("/sim/movements")) {
            if (sku.equals(movement.path("sku").asString())) {
                count++;
            }
        }
        return count;
    }

    /** The identifiers of the movement requests that moved {@code sku}, one per movement. */
    List<String> movementIdentifiersOf(String sku) {
        List<String> identifiers = new ArrayList<>();
        for (JsonNode movement : get("/sim/movements")) {
            if (sku.equals(movement.path("sku").asString())) {
                identifiers.add(movement.path("identifier").asString());
            }
        }
        return identifiers;
    }

    /** STORE, SOLD, SUPPLIER and BIN inventory uuids by type. */
    String inventory(String type) {
        return get("/sim/stats").path("inventories").path(type).asString();
    }

    long tokenRequests() {
        return get("/sim/stats").path("tokenRequests").asLong();
    }

    JsonNode get(String path) {
        return JSON.readTree(http.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private void post(String path, Object body) {
        http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isNoContent();
    }

    @Override
    public void close() {
        context.close();
    }
}

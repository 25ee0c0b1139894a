package io.possync.connector.zettle.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.possync.common.http.HttpStatusException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single HTTP attempts against Zettle's APIs: no retry, no rate limiting, no token handling (that is
 * {@link ZettleSession}'s job). Every non-2xx answer becomes an {@link HttpStatusException} carrying
 * the body and the headers the retry decision needs. Calls block; they run on listener threads.
 */
public class ZettleClient {

    static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final WebClient web;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration timeout;

    public ZettleClient(WebClient web, JsonMapper json, Clock clock, Duration timeout) {
        this.web = web;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Assertion grant: the merchant's API key is exchanged for an access token; there is no refresh token. */
    public ZettleToken requestToken(ZettleHosts hosts, String clientId, String apiKey) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", JWT_BEARER_GRANT);
        form.add("client_id", clientId);
        form.add("assertion", apiKey);
        String body = exchange("POST /token", web.post().uri(hosts.oauth() + "/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData(form)));
        JsonNode token = json.readTree(body);
        String accessToken = token.path("access_token").asString("");
        if (accessToken.isEmpty()) {
            throw new IllegalStateException("Zettle token response has no access_token");
        }
        long expiresIn = token.path("expires_in").asLong(7200);
        return new ZettleToken(accessToken, clock.instant().plusSeconds(expiresIn));
    }

    public List<ZettleProduct> products(ZettleHosts hosts, ZettleToken token) {
        String body = exchange("GET /organizations/self/products",
                authorized(web.get().uri(hosts.products() + "/organizations/self/products"), token));
        return json.readValue(body, new TypeReference<List<ZettleProduct>>() { });
    }

    public List<ZettleInventory> inventories(ZettleHosts hosts, ZettleToken token) {
        String body = exchange("GET /v3/inventories",
                authorized(web.get().uri(hosts.inventory() + "/v3/inventories"), token));
        return json.readValue(body, new TypeReference<List<ZettleInventory>>() { });
    }

    /** Any 2xx is success: the v3 success status is not documented. */
    public void postMovements(ZettleHosts hosts, ZettleToken token, ZettleMovementRequest request) {
        exchange("POST /v3/movements", web.post().uri(hosts.inventory() + "/v3/movements")
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(request)));
    }

    private static WebClient.RequestHeadersSpec<?> authorized(WebClient.RequestHeadersSpec<?> spec, ZettleToken token) {
        return spec.header(HttpHeaders.AUTHORIZATION, bearer(token)).accept(MediaType.APPLICATION_JSON);
    }

    private static String bearer(ZettleToken token) {
        return "Bearer " + token.accessToken();
    }

    private String exchange(String request, WebClient.RequestHeadersSpec<?> spec) {
        return spec.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            if (response.statusCode().is2xxSuccessful()) {
                return body;
            }
            HttpHeaders headers = response.headers().asHttpHeaders();
            throw new HttpStatusException(request, response.statusCode().value(), body,
                    headers.getFirst(HttpHeaders.RETRY_AFTER), headers.getFirst(HttpHeaders.WWW_AUTHENTICATE));
        })).timeout(timeout).block();
    }
}

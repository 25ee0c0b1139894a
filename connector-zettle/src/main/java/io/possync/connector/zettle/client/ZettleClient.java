package io.possync.connector.zettle.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    /** One page of {@code GET /v3/stock}; {@code next} is the URL of the following page, or null on the last one. */
    public record StockPage(List<ZettleStockRow> rows, String next) {
    }

    private record Answer(String body, HttpHeaders headers) {
    }

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

    /** The first page of the STORE balances; follow {@link StockPage#next()} with {@link #stockPage(ZettleHosts, ZettleToken, String)}. */
    public StockPage firstStockPage(ZettleHosts hosts, ZettleToken token) {
        return stockPage(hosts, token, hosts.inventory() + "/v3/stock");
    }

    /** The page at {@code url}, used exactly as Zettle's Link header gave it. */
    public StockPage stockPage(ZettleHosts hosts, ZettleToken token, String url) {
        Answer answer = exchangeWithHeaders("GET /v3/stock", authorized(web.get().uri(URI.create(url)), token));
        JsonNode root = json.readTree(answer.body());
        if (!root.isArray()) {
            throw new IllegalStateException("GET /v3/stock did not answer an array");
        }
        List<ZettleStockRow> rows = new ArrayList<>(root.size());
        for (JsonNode row : root) {
            rows.add(stockRow(row));
        }
        return new StockPage(rows, nextLink(hosts, answer.headers().getFirst(HttpHeaders.LINK)));
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

    private static ZettleStockRow stockRow(JsonNode row) {
        Long balance;
        try {
            balance = ZettleBalance.parse(row.get("balance"));
        } catch (IllegalArgumentException e) {
            balance = null;    // the poll skips the row; one odd balance must not hide the others
        }
        return new ZettleStockRow(text(row, "inventoryUuid"), text(row, "productUuid"), text(row, "variantUuid"),
                balance, text(row, "updated"), text(row, "checksum"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    static String nextLink(ZettleHosts hosts, String link) {
        if (link == null) {
            return null;
        }
        Matcher next = NEXT_LINK.matcher(link);
        if (!next.find()) {
            return null;
        }
        String url = next.group(1).strip();
        return url.startsWith("/") ? hosts.inventory() + url : url;
    }

    private String exchange(String request, WebClient.RequestHeadersSpec<?> spec) {
        return exchangeWithHeaders(request, spec).body();
    }

    private Answer exchangeWithHeaders(String request, WebClient.RequestHeadersSpec<?> spec) {
        return spec.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            if (response.statusCode().is2xxSuccessful()) {
                return new Answer(body, response.headers().asHttpHeaders());
            }
            HttpHeaders headers = response.headers().asHttpHeaders();
            throw new HttpStatusException(request, response.statusCode().value(), body,
                    headers.getFirst(HttpHeaders.RETRY_AFTER), headers.getFirst(HttpHeaders.WWW_AUTHENTICATE));
        })).timeout(timeout).block();
    }
}

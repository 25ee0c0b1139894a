package io.possync.connector.woocommerce.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.possync.common.connection.Connection;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RateLimiterRegistry;
import io.possync.common.http.RetryExecutor;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocking client of one store's {@code /wp-json/wc/v3} API, for listener and poller threads only.
 * Every attempt takes a token from the store's rate limiter; 429, 5xx and I/O failures are retried
 * with backoff. Auth follows the store's URL: HTTPS gets Basic (WooCommerce only evaluates it when
 * it sees TLS), plain HTTP gets OAuth 1.0a one-legged in the query string.
 */
public class WooCommerceClient {

    public static final String API = "/wp-json/wc/v3";

    private final WebClient web;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration timeout;
    private final RetryExecutor retry;
    private final RateLimiterRegistry limiters;
    private final SecureRandom random = new SecureRandom();

    public WooCommerceClient(WebClient web, JsonMapper json, Clock clock, Duration timeout, RetryExecutor retry,
                             RateLimiterRegistry limiters) {
        this.web = web;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
        this.retry = retry;
        this.limiters = limiters;
    }

    public WooResponse get(Connection store, String path, List<Map.Entry<String, String>> query) {
        return exchange(store, HttpMethod.GET, path, query, null);
    }

    public WooResponse post(Connection store, String path, Object body) {
        return exchange(store, HttpMethod.POST, path, List.of(), json.writeValueAsBytes(body));
    }

    public WooResponse put(Connection store, String path, Object body) {
        return exchange(store, HttpMethod.PUT, path, List.of(), json.writeValueAsBytes(body));
    }

    private WooResponse exchange(Connection store, HttpMethod method, String path,
                                 List<Map.Entry<String, String>> query, byte[] body) {
        String operation = method.name() + " " + path;
        return retry.call(operation, attempt -> {
            limiters.forAccount(store.id()).acquire();
            return once(store, method, path, query, body, attempt);
        });
    }

    private WooResponse once(Connection store, HttpMethod method, String path, List<Map.Entry<String, String>> query,
                             byte[] body, int attempt) {
        String url = trimSlash(store.baseUrl()) + API + path;
        boolean tls = url.toLowerCase(Locale.ROOT).startsWith("https://");
        List<Map.Entry<String, String>> params = new ArrayList<>(query);
        if (!tls) {
            params.addAll(OAuth1Signer.sign(method.name(), url, query, store.credential("consumerKey"),
                    store.credential("consumerSecret"), clock.instant().getEpochSecond(), nonce()));
        }
        URI uri = URI.create(url + queryString(params));
        WebClient.RequestBodySpec request = web.method(method).uri(uri)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
        if (tls) {
            request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                    (store.credential("consumerKey") + ":" + store.credential("consumerSecret"))
                            .getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }
        Raw raw = request.exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(bytes -> new Raw(response.statusCode().value(), response.headers().asHttpHeaders(), bytes)))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(method + " " + path + " got no response")))
                .block(timeout);
        if (raw.status() < 200 || raw.status() > 299) {
            throw new HttpStatusException(method + " " + path, raw.status(),
                    new String(raw.body(), StandardCharsets.UTF_8), raw.headers().getFirst(HttpHeaders.RETRY_AFTER),
                    raw.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE));
        }
        return new WooResponse(raw.status(), parse(raw.body(), method + " " + path), attempt,
                intHeader(raw.headers(), "X-WP-TotalPages"), raw.headers().getFirst(HttpHeaders.LINK));
    }

    private JsonNode parse(byte[] body, String request) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException(request + " answered with unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String queryString(List<Map.Entry<String, String>> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        for (Map.Entry<String, String> param : params) {
            if (query.length() > 1) {
                query.append('&');
            }
            // the same RFC 3986 encoding the signature base string uses, so the server decodes what was signed
            query.append(OAuth1Signer.encode(param.getKey())).append('=').append(OAuth1Signer.encode(param.getValue()));
        }
        return query.toString();
    }

    private static int intHeader(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record Raw(int status, HttpHeaders headers, byte[] body) {
    }
}

package io.possync.sandbox.woocommerce;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * What stands in front of {@code /wp-json/wc/v3}: armed faults first, then authentication as a store
 * without TLS does it. Over plain HTTP WooCommerce ignores Basic auth (it only evaluates it when
 * {@code is_ssl()}), so a request without OAuth parameters arrives as "no credentials": 401
 * {@code woocommerce_rest_cannot_view|create|edit}.
 */
final class WooGateFilter implements WebFilter, Ordered {

    static final String API = "/wp-json/wc/v3";

    private final FaultInjector faults;
    private final WooAuthority authority;
    private final PhpJson json = new PhpJson();
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong batchRequests = new AtomicLong();

    WooGateFilter(FaultInjector faults, WooAuthority authority) {
        this.faults = faults;
        this.authority = authority;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    long apiRequests() {
        return apiRequests.get();
    }

    long batchRequests() {
        return batchRequests.get();
    }

    void reset() {
        apiRequests.set(0);
        batchRequests.set(0);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith(API)) {
            return chain.filter(exchange);
        }
        apiRequests.incrementAndGet();
        if (path.endsWith("/batch")) {
            batchRequests.incrementAndGet();
        }
        Optional<FaultInjector.Fault> fault = faults.take(request.getMethod().name(), path.substring(API.length()));
        if (fault.isPresent()) {
            FaultInjector.Fault f = fault.get();
            if (f.retryAfter() != null) {
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, f.retryAfter());
            }
            return write(exchange.getResponse(), f.status(), f.body() != null ? f.body().getBytes(StandardCharsets.UTF_8)
                    : json.write(new WooApiError(f.status(), "simulated_fault", "Simulated fault " + f.status())
                    .body()));
        }
        List<Map.Entry<String, String>> params = queryParams(request.getURI().getRawQuery());
        if (params.stream().noneMatch(e -> e.getKey().startsWith("oauth_"))) {
            return write(exchange.getResponse(), noCredentials(request.getMethod()));
        }
        try {
            authority.verify(request.getMethod().name(), serverUrl(request), params);
        } catch (WooApiError e) {
            return write(exchange.getResponse(), e);
        }
        return chain.filter(exchange);
    }

    private static WooApiError noCredentials(HttpMethod method) {
        if (HttpMethod.GET.equals(method)) {
            return new WooApiError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (HttpMethod.POST.equals(method)) {
            return new WooApiError(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }
        return new WooApiError(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
    }

    /** The URL WordPress builds from the Host header: {@code http://host[:port]/path}. */
    private static URI serverUrl(ServerHttpRequest request) {
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host == null) {
            host = request.getURI().getAuthority();
        }
        return URI.create("http://" + host + request.getURI().getRawPath());
    }

    static List<Map.Entry<String, String>> queryParams(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(Map.entry(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return params;
    }

    private Mono<Void> write(ServerHttpResponse response, WooApiError error) {
        return write(response, error.status(), json.write(error.body()));
    }

    private static Mono<Void> write(ServerHttpResponse response, int status, byte[] body) {
        response.setStatusCode(HttpStatus.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}

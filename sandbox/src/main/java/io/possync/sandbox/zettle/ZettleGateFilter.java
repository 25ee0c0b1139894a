package io.possync.sandbox.zettle;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * What stands in front of the simulated API, in Zettle's order: armed faults (any path but
 * {@code /sim} and {@code /actuator}), then the bearer token, then the organization's rate limit
 * (API paths only; {@code /token} needs neither).
 */
class ZettleGateFilter implements WebFilter, Ordered {

    private final FaultInjector faults;
    private final ZettleAuthority authority;
    private final RollingRateLimit rateLimit;
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    ZettleGateFilter(FaultInjector faults, ZettleAuthority authority, RollingRateLimit rateLimit) {
        this.faults = faults;
        this.authority = authority;
        this.rateLimit = rateLimit;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    long apiRequests() {
        return apiRequests.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    void reset() {
        apiRequests.set(0);
        rateLimited.set(0);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.startsWith("/sim") || path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        Optional<FaultInjector.Fault> fault = faults.take(exchange.getRequest().getMethod().name(), path);
        if (fault.isPresent()) {
            return injected(exchange.getResponse(), fault.get());
        }
        if (!path.startsWith("/organizations") && !path.startsWith("/v3")) {
            return chain.filter(exchange);
        }
        apiRequests.incrementAndGet();
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        switch (authority.check(token)) {
            case EXPIRED:
                return unauthorized(exchange.getResponse(), "invalid_request", "ACCESS_TOKEN_EXPIRED");
            case UNKNOWN:
                // Zettle's wording for a missing or foreign token is not documented (UNCONFIRMED).
                return unauthorized(exchange.getResponse(), "invalid_token",
                        token == null ? "MISSING_ACCESS_TOKEN" : "INVALID_ACCESS_TOKEN");
            default:
                break;
        }
        if (!rateLimit.tryAcquire()) {
            rateLimited.incrementAndGet();
            // Whether Zettle sends Retry-After is UNCONFIRMED, so the simulator does not: clients must back off on their own.
            return write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
                    "{\"developerMessage\":\"Rate limit exceeded\",\"errorType\":\"TOO_MANY_REQUESTS\"}");
        }
        return chain.filter(exchange);
    }

    private Mono<Void> injected(ServerHttpResponse response, FaultInjector.Fault fault) {
        if (fault.retryAfter() != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, fault.retryAfter());
        }
        String body = fault.body() != null ? fault.body()
                : "{\"developerMessage\":\"Simulated fault " + fault.status() + "\",\"errorType\":\"SIMULATED_FAULT\"}";
        return write(response, HttpStatus.valueOf(fault.status()), body);
    }

    private Mono<Void> unauthorized(ServerHttpResponse response, String error, String description) {
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"" + error + "\", error_description=\"" + description + "\"");
        return write(response, HttpStatus.UNAUTHORIZED,
                "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}

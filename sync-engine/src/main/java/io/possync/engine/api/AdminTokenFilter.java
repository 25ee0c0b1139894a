package io.possync.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
 * Every request needs {@code Authorization: Bearer <possync.admin.token>}, except the probes and
 * metrics scrape. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * comparison takes the same time whatever the input (length included).
 */
public class AdminTokenFilter implements WebFilter, Ordered {

    private static final byte[] UNAUTHORIZED_BODY =
            "{\"error\":\"unauthorized\",\"message\":\"a valid bearer token is required\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;

    public AdminTokenFilter(String adminToken) {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalStateException("possync.admin.token (env POSSYNC_ADMIN_TOKEN) must be set: the"
                    + " management API accepts only requests bearing it; generate one with: openssl rand -base64 32");
        }
        this.expectedDigest = sha256(adminToken.strip());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isAnonymous(exchange.getRequest().getPath().pathWithinApplication().value())
                || hasValidToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(UNAUTHORIZED_BODY)));
    }

    private static boolean isAnonymous(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus") || path.equals("/actuator/info");
    }

    private boolean hasValidToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

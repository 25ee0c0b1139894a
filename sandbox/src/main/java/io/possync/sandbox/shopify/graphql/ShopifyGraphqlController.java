package io.possync.sandbox.shopify.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;

/** {@code POST /admin/api/{version}/graphql.json}: any version string is served by the same (2026-04+) rules. */
@RestController
public class ShopifyGraphqlController {

    private static final Map<String, Object> UNAUTHORIZED =
            Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)");

    private final ShopifyGraphqlExecutor executor;
    private final byte[] accessToken;

    public ShopifyGraphqlController(ShopifyGraphqlExecutor executor, ShopifySimulatorProperties properties) {
        this.executor = executor;
        this.accessToken = properties.accessToken().getBytes(StandardCharsets.UTF_8);
    }

    /** The request body: {@code {"query", "variables", "operationName"}}. */
    public record GraphqlRequest(String query, Map<String, Object> variables, String operationName) {
    }

    @PostMapping("/admin/api/{version}/graphql.json")
    public ResponseEntity<Map<String, Object>> graphql(@PathVariable String version,
            @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
            @RequestBody(required = false) GraphqlRequest request) {
        if (token == null || !MessageDigest.isEqual(accessToken, token.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(UNAUTHORIZED);
        }
        if (request == null) {
            return ResponseEntity.badRequest().body(Map.of("errors", Map.of("query", "Required parameter missing or invalid")));
        }
        return ResponseEntity.ok(executor.execute(request.query(), request.variables(), request.operationName()));
    }
}

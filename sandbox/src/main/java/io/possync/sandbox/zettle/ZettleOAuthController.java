package io.possync.sandbox.zettle;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** {@code POST /token}: the assertion grant (API key → access token, no refresh token). */
@RestController
class ZettleOAuthController {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final ZettleAuthority authority;
    private final ZettleOrganization organization;

    ZettleOAuthController(ZettleAuthority authority, ZettleOrganization organization) {
        this.authority = authority;
        this.organization = organization;
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            authority.countTokenRequest();
            if (!JWT_BEARER.equals(form.getFirst("grant_type"))) {
                return error("unsupported_grant_type", "only the assertion grant is simulated");
            }
            String token = authority.grant(form.getFirst("client_id"), form.getFirst("assertion"),
                    organization.uuid());
            if (token == null) {
                return error("invalid_grant", "the API key is unknown, revoked or does not belong to this client");
            }
            return ResponseEntity.ok(Map.of("access_token", token, "expires_in", authority.lifetime().toSeconds()));
        });
    }

    private static ResponseEntity<Map<String, Object>> error(String error, String description) {
        return ResponseEntity.badRequest().body(Map.of("error", error, "error_description", description));
    }
}

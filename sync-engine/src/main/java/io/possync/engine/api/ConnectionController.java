package io.possync.engine.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Connections of a tenant. Secrets go in, never out: responses name the credentials and say
 * whether a webhook secret is set. Omitted credentials or secret keep the stored ones, since a
 * caller can never read them back to resend them.
 */
@RestController
class ConnectionController {

    private static final EnumSet<SystemKind> SYSTEMS = EnumSet.of(SystemKind.SHOPIFY, SystemKind.ZETTLE,
            SystemKind.WOOCOMMERCE);

    record ConnectionRequest(String system, String baseUrl, Map<String, String> credentials, String webhookSecret) {
    }

    record ConnectionView(String id, String tenantId, String system, String baseUrl, List<String> credentialNames,
                          boolean webhookSecretSet, String rotationGraceUntil) {
    }

    private final MongoTenantStore tenants;
    private final MongoConnectionStore connections;
    private final Clock clock;
    private final Duration rotationGrace;

    ConnectionController(MongoTenantStore tenants, MongoConnectionStore connections, Clock clock,
                         @Value("${possync.webhooks.rotation-grace:1h}") Duration rotationGrace) {
        this.tenants = tenants;
        this.connections = connections;
        this.clock = clock;
        this.rotationGrace = rotationGrace;
    }

    @PutMapping("/api/tenants/{tenantId}/connections/{connectionId}")
    Mono<ResponseEntity<ConnectionView>> put(@PathVariable String tenantId, @PathVariable String connectionId,
                                             @RequestBody ConnectionRequest body) {
        RequestValidation.id("tenantId", tenantId);
        RequestValidation.id("connectionId", connectionId);
        SystemKind system = RequestValidation.oneOf("system", body.system(), SYSTEMS);
        String baseUrl = baseUrl(body.baseUrl());
        validateSecrets(body);
        return tenants.require(tenantId)
                .then(connections.find(connectionId).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(existing -> {
                    existing.ifPresent(c -> checkOwnership(c, tenantId, system));
                    Connection next = merge(existing, connectionId, tenantId, system, baseUrl, body);
                    HttpStatus status = existing.isPresent() ? HttpStatus.OK : HttpStatus.CREATED;
                    return connections.save(next).map(saved -> ResponseEntity.status(status).body(view(saved)));
                });
    }

    @GetMapping("/api/tenants/{tenantId}/connections")
    Flux<ConnectionView> list(@PathVariable String tenantId) {
        return tenants.require(tenantId).thenMany(connections.findByTenant(tenantId)).map(this::view);
    }

    @GetMapping("/api/tenants/{tenantId}/connections/{connectionId}")
    Mono<ConnectionView> get(@PathVariable String tenantId, @PathVariable String connectionId) {
        return tenants.require(tenantId)
                .then(connections.find(connectionId))
                .filter(c -> c.tenantId().equals(tenantId))
                .switchIfEmpty(Mono.error(() -> ApiError.notFound("connection " + connectionId
                        + " does not exist for tenant " + tenantId)))
                .map(this::view);
    }

    private static void checkOwnership(Connection existing, String tenantId, SystemKind system) {
        if (!existing.tenantId().equals(tenantId)) {
            throw ApiError.conflict("connection id " + existing.id() + " is already used by another tenant");
        }
        if (existing.system() != system) {
            throw ApiError.conflict("connection " + existing.id() + " is a " + lower(existing.system())
                    + " connection; its system cannot change");
        }
    }

    /** A changed webhook secret keeps the old one valid for the grace period: deliveries signed with it are in flight. */
    private Connection merge(Optional<Connection> existing, String id, String tenantId, SystemKind system,
                             String baseUrl, ConnectionRequest body) {
        Instant now = clock.instant();
        String currentSecret = existing.map(Connection::webhookSecret).orElse(null);
        String secret = body.webhookSecret() != null ? body.webhookSecret() : currentSecret;
        String previous = existing.map(Connection::previousWebhookSecret).orElse(null);
        Instant previousUntil = existing.map(Connection::previousSecretValidUntil).orElse(null);
        if (currentSecret != null && body.webhookSecret() != null && !currentSecret.equals(body.webhookSecret())) {
            previous = currentSecret;
            previousUntil = now.plus(rotationGrace);
        }
        if (previousUntil != null && !now.isBefore(previousUntil)) {
            previous = null;
            previousUntil = null;
        }
        Map<String, String> credentials = body.credentials() != null ? body.credentials()
                : existing.map(Connection::credentials).orElse(Map.of());
        return new Connection(id, tenantId, system, baseUrl, credentials, secret, previous, previousUntil);
    }

    private ConnectionView view(Connection c) {
        Instant now = clock.instant();
        boolean inGrace = c.previousWebhookSecret() != null && c.previousSecretValidUntil() != null
                && now.isBefore(c.previousSecretValidUntil());
        return new ConnectionView(c.id(), c.tenantId(), lower(c.system()), c.baseUrl(),
                c.credentials().keySet().stream().sorted().toList(), c.webhookSecret() != null,
                inGrace ? c.previousSecretValidUntil().toString() : null);
    }

    private static String baseUrl(String value) {
        String url = RequestValidation.required("baseUrl", value);
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("baseUrl", "must be an absolute http(s) URL");
        }
        throw ApiError.invalid("baseUrl", "must be an absolute http(s) URL");
    }

    private static void validateSecrets(ConnectionRequest body) {
        if (body.webhookSecret() != null && body.webhookSecret().isBlank()) {
            throw ApiError.invalid("webhookSecret", "must not be blank when given");
        }
        if (body.credentials() != null) {
            body.credentials().forEach((name, value) -> {
                if (name.isBlank() || name.contains(".") || name.startsWith("$")) {
                    throw ApiError.invalid("credentials", "names must be non-blank, without '.' or a leading '$'");
                }
                if (value == null || value.isBlank()) {
                    throw ApiError.invalid("credentials." + name, "must not be blank");
                }
            });
        }
    }

    private static String lower(SystemKind system) {
        return system.name().toLowerCase(Locale.ROOT);
    }
}

package io.possync.gateway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.gateway.config.GatewayProperties;
import io.possync.gateway.delivery.Delivery;
import io.possync.gateway.delivery.DeliveryIntake;
import io.possync.gateway.delivery.DeliveryIntake.IntakeUnavailable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/{system}/{connectionId}}: verify, deduplicate, publish the raw delivery to
 * Kafka, and answer 2xx only once Kafka acknowledged it. A functional route with its answers written
 * as ready JSON bytes: this is the gateway's hot path, and annotated-controller dispatch and content
 * negotiation took a good share of its CPU.
 */
@Configuration(proxyBeanMethods = false)
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNKNOWN_SYSTEM = "unknown";
    /** Bad signatures cause at most four re-reads a second per connection. */
    private static final Duration MIN_RELOAD_AGE = Duration.ofMillis(250);

    private final Map<String, VendorWebhooks> vendors;
    private final MongoConnectionStore connections;
    private final DeliveryIntake intake;
    private final WebhookMetrics metrics;
    private final GatewayProperties properties;
    private final Clock clock;

    WebhookController(List<VendorWebhooks> vendors, MongoConnectionStore connections, DeliveryIntake intake,
                      WebhookMetrics metrics, GatewayProperties properties, Clock clock) {
        this.vendors = vendors.stream().collect(Collectors.toUnmodifiableMap(
                v -> v.system().name().toLowerCase(Locale.ROOT), Function.identity()));
        this.connections = connections;
        this.intake = intake;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code POST} to the webhook path; any other method there is answered 405, naming the one it takes. */
    @Bean
    RouterFunction<ServerResponse> webhookRoute() {
        String path = "/webhooks/{system}/{connectionId}";
        return RouterFunctions.route(RequestPredicates.POST(path), this::receive)
                .andRoute(RequestPredicates.path(path), request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                        .header(HttpHeaders.ALLOW, "POST").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(JSON.writeValueAsBytes(new ApiError("method_not_allowed", "Method Not Allowed"))));
    }

    Mono<ServerResponse> receive(ServerRequest request) {
        String key = request.pathVariable("system").toLowerCase(Locale.ROOT);
        String connectionId = request.pathVariable("connectionId");
        VendorWebhooks vendor = vendors.get(key);
        // the tag takes only known values, so probing paths cannot grow the metric without bound
        String systemTag = vendor == null ? UNKNOWN_SYSTEM : key;
        return Mono.defer(() -> handle(vendor, connectionId, request.exchange().getRequest()))
                .onErrorResume(e -> Mono.just(failure(e, connectionId)))
                .doOnNext(answer -> metrics.record(systemTag, answer.outcome()))
                .flatMap(this::render);
    }

    private Mono<Answer> handle(VendorWebhooks vendor, String connectionId, ServerHttpRequest request) {
        if (vendor == null) {
            throw WebhookRejection.notFound("no webhook receiver for this system");
        }
        HttpHeaders headers = request.getHeaders();
        if (headers.getContentLength() > properties.maxBodyBytes().toBytes()) {
            throw WebhookRejection.tooLarge(properties.maxBodyBytes().toBytes());
        }
        vendor.checkHeaders(headers);
        Instant receivedAt = clock.instant();
        Instant answerBy = receivedAt.plus(vendor.answerWindow()).minus(properties.answerMargin());
        return connection(connectionId, vendor, answerBy)
                .flatMap(connection -> readBody(request)
                        .flatMap(body -> read(vendor, connection, headers, body, receivedAt, answerBy)))
                .flatMap(read -> accept(read, answerBy));
    }

    /**
     * A signature that fails against the cached connection is checked once more against a fresh read:
     * its secret may have been set or rotated moments ago, and the vendor would otherwise only retry
     * much later (Zettle: after a minute).
     */
    private Mono<Optional<Delivery>> read(VendorWebhooks vendor, Connection cached, HttpHeaders headers, byte[] body,
                                          Instant receivedAt, Instant answerBy) {
        try {
            return Mono.just(vendor.read(cached, headers, body, receivedAt));
        } catch (WebhookRejection rejection) {
            if (rejection.outcome() != Outcome.BAD_SIGNATURE) {
                throw rejection;
            }
            // a connection without a secret cannot verify anything, so it is always worth re-reading
            return connections.reload(cached.id(), cached.webhookSecret() == null ? Duration.ZERO : MIN_RELOAD_AGE)
                    .timeout(intake.storeWait(answerBy, true))
                    .onErrorMap(e -> new IntakeUnavailable("connection store", e))
                    .filter(fresh -> !fresh.equals(cached))
                    .map(fresh -> vendor.read(fresh, headers, body, receivedAt))
                    .switchIfEmpty(Mono.error(rejection));
        }
    }

    private Mono<Connection> connection(String connectionId, VendorWebhooks vendor, Instant answerBy) {
        return connections.find(connectionId)
                .timeout(intake.storeWait(answerBy, true))
                .onErrorMap(e -> !(e instanceof WebhookRejection), e -> new IntakeUnavailable("connection store", e))
                .filter(c -> c.system() == vendor.system())
                .switchIfEmpty(Mono.error(() -> WebhookRejection.notFound("no such connection")));
    }

    /** Buffers at most the limit, so an oversized body fails fast instead of filling memory. */
    private Mono<byte[]> readBody(ServerHttpRequest request) {
        long limit = properties.maxBodyBytes().toBytes();
        return DataBufferUtils.join(request.getBody(), properties.maxBodyBytesInt())
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> WebhookRejection.tooLarge(limit));
    }

    private Mono<Answer> accept(Optional<Delivery> read, Instant answerBy) {
        if (read.isEmpty()) {
            return Mono.just(new Answer(Outcome.IGNORED, HttpStatus.OK, new Accepted("accepted", null)));
        }
        Delivery delivery = read.get();
        return intake.accept(delivery, answerBy).map(result -> switch (result) {
            case PUBLISHED -> new Answer(Outcome.PUBLISHED, HttpStatus.OK, new Accepted("accepted", delivery.eventId()));
            case DUPLICATE -> new Answer(Outcome.DUPLICATE, HttpStatus.OK, new Accepted("duplicate", delivery.eventId()));
            case IN_PROGRESS -> new Answer(Outcome.IN_PROGRESS, HttpStatus.CONFLICT, new ApiError("in_progress",
                    "this delivery is being published by another request; retry later"));
        });
    }

    private Answer failure(Throwable error, String connectionId) {
        if (error instanceof WebhookRejection rejection) {
            log.debug("webhook for connection {} rejected: {}", connectionId, rejection.getMessage());
            return new Answer(rejection.outcome(), rejection.status(), new ApiError(rejection.code(), rejection.getMessage()));
        }
        if (error instanceof IntakeUnavailable unavailable) {
            log.warn("webhook for connection {} not accepted: {} ({})", connectionId, unavailable.getMessage(),
                    String.valueOf(unavailable.getCause()));
            return new Answer(Outcome.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, new ApiError("unavailable",
                    "the delivery could not be stored; retry later"));
        }
        log.error("webhook for connection {} failed unexpectedly", connectionId, error);
        return new Answer(Outcome.ERROR, HttpStatus.INTERNAL_SERVER_ERROR,
                new ApiError("internal_error", "the delivery could not be processed"));
    }

    /** The body as JSON; "come back later" answers (409, 503) say when in {@code Retry-After}. */
    private Mono<ServerResponse> render(Answer answer) {
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON);
        if (answer.status() == HttpStatus.CONFLICT || answer.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()));
        }
        return response.bodyValue(JSON.writeValueAsBytes(answer.body()));
    }

    private record Answer(Outcome outcome, HttpStatus status, Object body) {
    }
}

package io.possync.gateway.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.util.UriUtils;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.gateway.config.GatewayProperties;
import io.possync.gateway.delivery.Delivery;
import io.possync.gateway.delivery.DeliveryIntake;
import io.possync.gateway.delivery.DeliveryIntake.IntakeUnavailable;
import io.possync.gateway.delivery.Timeouts;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/{system}/{connectionId}}: verify, deduplicate, publish the raw delivery to
 * Kafka, and answer 2xx only once Kafka acknowledged it. This is the gateway's hot path, so it is a
 * route of the Netty server itself, ahead of the WebFlux handler ({@link NettyRouteProvider}): WebFlux's
 * dispatch, filters, request observation and response encoding cost about as much CPU per webhook as
 * the verification, the dedupe and the publish together. Every other path (actuator) stays with
 * WebFlux. Answers are written as ready JSON bytes.
 */
@Configuration(proxyBeanMethods = false)
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = "/webhooks/";
    private static final String UNKNOWN_SYSTEM = "unknown";
    private static final int INITIAL_BODY_BYTES = 64 * 1024;
    private static final byte[] METHOD_NOT_ALLOWED =
            JSON.writeValueAsBytes(new ApiError("method_not_allowed", "Method Not Allowed"));
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
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> webhookRoute() {
        return factory -> factory.addRouteProviders(routes -> routes.route(
                request -> WebhookPath.of(request.uri()) != null, this::route));
    }

    private Publisher<Void> route(HttpServerRequest request, HttpServerResponse response) {
        if (!HttpMethod.POST.equals(request.method())) {
            response.header(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
            return send(response, HttpResponseStatus.METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED);
        }
        WebhookPath path = WebhookPath.of(request.uri());
        VendorWebhooks vendor = vendors.get(path.system());
        // the tag takes only known values, so probing paths cannot grow the metric without bound
        String systemTag = vendor == null ? UNKNOWN_SYSTEM : path.system();
        long started = System.nanoTime();
        return Mono.defer(() -> handle(vendor, path.connectionId(), request))
                .onErrorResume(e -> Mono.just(failure(e, path.connectionId())))
                .doOnNext(answer -> metrics.record(systemTag, answer.outcome(), System.nanoTime() - started))
                .flatMap(answer -> render(answer, response));
    }

    private Mono<Answer> handle(VendorWebhooks vendor, String connectionId, HttpServerRequest request) {
        if (vendor == null) {
            throw WebhookRejection.notFound("no webhook receiver for this system");
        }
        HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders()));
        long contentLength = headers.getContentLength();
        if (contentLength > properties.maxBodyBytes().toBytes()) {
            throw WebhookRejection.tooLarge(properties.maxBodyBytes().toBytes());
        }
        vendor.checkHeaders(headers);
        Map<String, String> forwarded = ForwardedHeaders.of(request.requestHeaders());
        Instant receivedAt = clock.instant();
        Instant answerBy = receivedAt.plus(vendor.answerWindow()).minus(properties.answerMargin());
        return connection(connectionId, vendor, answerBy)
                .flatMap(connection -> readBody(request, contentLength)
                        .flatMap(body -> read(vendor, connection, headers, forwarded, body, receivedAt, answerBy)))
                .flatMap(read -> accept(read, answerBy));
    }

    /**
     * A signature that fails against the cached connection is checked once more against a fresh read:
     * its secret may have been set or rotated moments ago, and the vendor would otherwise only retry
     * much later (Zettle: after a minute).
     */
    private Mono<Optional<Delivery>> read(VendorWebhooks vendor, Connection cached, HttpHeaders headers,
                                          Map<String, String> forwarded, byte[] body, Instant receivedAt,
                                          Instant answerBy) {
        try {
            return Mono.just(vendor.read(cached, headers, forwarded, body, receivedAt));
        } catch (WebhookRejection rejection) {
            if (rejection.outcome() != Outcome.BAD_SIGNATURE) {
                throw rejection;
            }
            // a connection without a secret cannot verify anything, so it is always worth re-reading
            Mono<Connection> fresh = connections.reload(cached.id(),
                    cached.webhookSecret() == null ? Duration.ZERO : MIN_RELOAD_AGE);
            return Timeouts.within(fresh, intake.storeWait(answerBy, true))
                    .onErrorMap(e -> new IntakeUnavailable("connection store", e))
                    .filter(reloaded -> !reloaded.equals(cached))
                    .map(reloaded -> vendor.read(reloaded, headers, forwarded, body, receivedAt))
                    .switchIfEmpty(Mono.error(rejection));
        }
    }

    private Mono<Connection> connection(String connectionId, VendorWebhooks vendor, Instant answerBy) {
        return Timeouts.within(connections.find(connectionId), intake.storeWait(answerBy, true))
                .onErrorMap(e -> !(e instanceof WebhookRejection), e -> new IntakeUnavailable("connection store", e))
                .filter(c -> c.system() == vendor.system())
                .switchIfEmpty(Mono.error(() -> WebhookRejection.notFound("no such connection")));
    }

    /** Buffers at most the limit, so an oversized body (announced or chunked) fails fast instead of filling memory. */
    private Mono<byte[]> readBody(HttpServerRequest request, long contentLength) {
        int limit = properties.maxBodyBytesInt();
        return request.receive()
                .reduceWith(() -> new Body((int) Math.min(INITIAL_BODY_BYTES, Math.max(contentLength, 1024))),
                        (body, chunk) -> body.append(chunk, limit))
                .map(Body::toArray)
                .defaultIfEmpty(new byte[0]);
    }

    /**
     * A body being received. Sized by its Content-Length up to {@link #INITIAL_BODY_BYTES} (a usual webhook is
     * then copied once), so a request that announces a large body and sends none holds no more than that.
     */
    private static final class Body {

        private byte[] bytes;
        private int size;

        Body(int capacity) {
            bytes = new byte[capacity];
        }

        Body append(ByteBuf chunk, int limit) {
            int n = chunk.readableBytes();
            if (n > limit - size) {
                throw WebhookRejection.tooLarge(limit);
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + n, 2 * bytes.length)));
            }
            chunk.getBytes(chunk.readerIndex(), bytes, size, n);
            size += n;
            return this;
        }

        byte[] toArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
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
    private Mono<Void> render(Answer answer, HttpServerResponse response) {
        if (answer.status() == HttpStatus.CONFLICT || answer.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()));
        }
        return send(response, HttpResponseStatus.valueOf(answer.status().value()), JSON.writeValueAsBytes(answer.body()));
    }

    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] json) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.length))
                .sendByteArray(Mono.just(json))
                .then();
    }

    /** {@code /webhooks/{system}/{connectionId}}, query ignored; the system lower-cased. */
    record WebhookPath(String system, String connectionId) {

        /** The path's parts, or null when {@code uri} is not a webhook path. */
        static WebhookPath of(String uri) {
            int end = uri.indexOf('?');
            String path = end < 0 ? uri : uri.substring(0, end);
            if (!path.startsWith(PREFIX)) {
                return null;
            }
            int slash = path.indexOf('/', PREFIX.length());
            if (slash <= PREFIX.length() || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
                return null;
            }
            try {
                return new WebhookPath(UriUtils.decode(path.substring(PREFIX.length(), slash), StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT), UriUtils.decode(path.substring(slash + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformedEscape) {
                return null; // left to WebFlux, which answers it as a path it does not know
            }
        }
    }

    private record Answer(Outcome outcome, HttpStatus status, Object body) {
    }
}

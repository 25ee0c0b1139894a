package io.possync.gateway.web;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Last line for errors outside the webhook handler (unknown path, wrong method, anything thrown
 * unexpectedly): a JSON {@code {"error","message"}} body, never a stack trace or exception text.
 * Ordered before Boot's default handler (-1), which would render its own error shape.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ApiError body;
        HttpStatusCode status;
        if (error instanceof ResponseStatusException statusError) {
            status = statusError.getStatusCode();
            body = new ApiError(code(status), readable(status));
        } else {
            log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            body = new ApiError("internal_error", "the request could not be processed");
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body));
        return response.writeWith(Mono.just(buffer));
    }

    private static String code(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http_" + status.value() : known.name().toLowerCase(Locale.ROOT);
    }

    private static String readable(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "request failed" : known.getReasonPhrase();
    }
}

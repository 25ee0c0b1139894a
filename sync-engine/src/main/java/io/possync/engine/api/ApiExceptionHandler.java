package io.possync.engine.api;

import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import tools.jackson.core.JacksonException;

/**
 * Every API error as {@code {"error", "message"}}; never a stack trace. Messages name the field at
 * fault but never echo a submitted value, which could be a secret.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiError.class)
    ResponseEntity<Map<String, String>> refused(ApiError e) {
        return body(e.status(), e.error(), e.getMessage());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, String>> badInput(ServerWebInputException e) {
        return body(e.getStatusCode(), "invalid_request", describe(e));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, String>> status(ResponseStatusException e) {
        String error = e.getStatusCode().is4xxClientError() ? "invalid_request" : "internal_error";
        return body(e.getStatusCode(), error, e.getReason() != null ? e.getReason() : e.getStatusCode().toString());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        log.error("management API request failed", e);
        return body(HttpStatusCode.valueOf(500), "internal_error", "unexpected error; see the service log");
    }

    private static String describe(ServerWebInputException e) {
        JacksonException json = rootJackson(e);
        if (json != null) {
            String path = json.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining());
            if (path.isEmpty()) {
                return "malformed JSON body";
            }
            return (path.startsWith(".") ? path.substring(1) : path) + ": invalid value or type";
        }
        if (e.getReason() != null && e.getReason().contains("No request body")) {
            return "request body is required";
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null) {
            return "parameter '" + e.getMethodParameter().getParameterName() + "' is invalid";
        }
        return "malformed request";
    }

    private static JacksonException rootJackson(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }

    private static ResponseEntity<Map<String, String>> body(HttpStatusCode status, String error, String message) {
        return ResponseEntity.status(status).body(Map.of("error", error, "message", message));
    }
}

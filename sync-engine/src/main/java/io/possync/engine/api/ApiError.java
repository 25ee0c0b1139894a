package io.possync.engine.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the JSON error code and a message meant for the caller. */
public class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    private ApiError(HttpStatus status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** @param field the request field at fault; named first in the message */
    public static ApiError invalid(String field, String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "invalid_request", field + ": " + message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(HttpStatus.NOT_FOUND, "not_found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(HttpStatus.CONFLICT, "conflict", message);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}

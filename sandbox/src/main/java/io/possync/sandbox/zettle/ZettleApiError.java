package io.possync.sandbox.zettle;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Zettle's error body (Products, Pusher; assumed the same for Inventory v3, UNCONFIRMED):
 * {@code {developerMessage, errorType, violations[{propertyName, value, constraintType, developerMessage, expected}]}}.
 */
record ZettleApiError(String developerMessage, String errorType, List<Violation> violations) {

    record Violation(String propertyName, String value, String constraintType, String developerMessage,
                     String expected) {
    }

    ZettleApiError {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    static ResponseEntity<Object> response(HttpStatus status, String errorType, String message,
                                           List<Violation> violations) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ZettleApiError(message, errorType, violations));
    }

    static ResponseEntity<Object> response(HttpStatus status, String errorType, String message) {
        return response(status, errorType, message, List.of());
    }
}

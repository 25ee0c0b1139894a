package io.possync.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * A request refused for a reason the sender can act on. Carries no stack trace: rejections are
 * routine traffic (bad signatures, probes) and are counted, not investigated.
 */
public class WebhookRejection extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Outcome outcome;

    public WebhookRejection(HttpStatus status, String code, String message, Outcome outcome) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.outcome = outcome;
    }

    public static WebhookRejection badRequest(String code, String message) {
        return new WebhookRejection(HttpStatus.BAD_REQUEST, code, message, Outcome.BAD_REQUEST);
    }

    public static WebhookRejection badSignature(String message) {
        return new WebhookRejection(HttpStatus.UNAUTHORIZED, "bad_signature", message, Outcome.BAD_SIGNATURE);
    }

    public static WebhookRejection notFound(String message) {
        return new WebhookRejection(HttpStatus.NOT_FOUND, "not_found", message, Outcome.UNKNOWN_CONNECTION);
    }

    public static WebhookRejection tooLarge(long limit) {
        return new WebhookRejection(HttpStatus.PAYLOAD_TOO_LARGE, "too_large",
                "request body exceeds " + limit + " bytes", Outcome.TOO_LARGE);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Outcome outcome() {
        return outcome;
    }
}

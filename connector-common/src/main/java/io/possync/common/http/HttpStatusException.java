package io.possync.common.http;

/**
 * A non-2xx answer from a vendor API, transport-agnostic: the status, the raw body (for a readable
 * reason) and the headers that steer the retry decision.
 *
 * @see FailureClassifier
 */
public class HttpStatusException extends RuntimeException {

    private final int status;
    private final String body;
    private final String retryAfter;
    private final String wwwAuthenticate;

    public HttpStatusException(String request, int status, String body, String retryAfter, String wwwAuthenticate) {
        super(request + " answered HTTP " + status);
        this.status = status;
        this.body = body == null ? "" : body;
        this.retryAfter = retryAfter;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** Raw Retry-After header (delta-seconds or HTTP-date), or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /** Raw WWW-Authenticate header, or null. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}

package io.possync.common.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Decides whether a failed vendor call is worth repeating: 429, 5xx, 408 and I/O or timeout errors
 * are transient; every other 4xx is permanent (the same request will fail the same way, so it must
 * be parked with its reason). Unknown exceptions are permanent: retrying a bug only hides it.
 */
public final class FailureClassifier {

    private static final int MAX_CAUSE_DEPTH = 16;

    private final Clock clock;

    public FailureClassifier(Clock clock) {
        this.clock = clock;
    }

    public Failure classify(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof HttpStatusException http) {
                return classifyStatus(http.status(), http.retryAfter());
            }
            // WebClient wraps connect/read failures (including Netty's read timeout, which is not an IOException)
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof WebClientRequestException) {
                return Failure.TRANSIENT;
            }
        }
        return Failure.PERMANENT;
    }

    public Failure classifyStatus(int status, String retryAfter) {
        if (status == 429 || status == 408 || status >= 500) {
            return new Failure(true, parseRetryAfter(retryAfter));
        }
        return Failure.PERMANENT;
    }

    /** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    public Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? Duration.ofSeconds(999_999_999) : Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

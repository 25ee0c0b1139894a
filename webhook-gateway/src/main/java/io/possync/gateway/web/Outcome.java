package io.possync.gateway.web;

import java.util.Locale;

/** How a webhook request ended; the {@code outcome} tag of {@code possync_webhooks_received_seconds}. */
public enum Outcome {
    PUBLISHED,
    DUPLICATE,
    /** Acknowledged but deliberately not published (Zettle's subscription TestMessage). */
    IGNORED,
    /** Another request holds the claim on this delivery right now; the vendor is asked to retry. */
    IN_PROGRESS,
    BAD_SIGNATURE,
    UNKNOWN_CONNECTION,
    TOO_LARGE,
    BAD_REQUEST,
    UNAVAILABLE,
    ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

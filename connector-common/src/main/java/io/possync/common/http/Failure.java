package io.possync.common.http;

import java.time.Duration;

/**
 * How a failed HTTP attempt should be handled.
 *
 * @param retriable  worth trying again (throttling, server trouble, I/O): the same request may succeed later
 * @param retryAfter the wait the server asked for, or null
 */
public record Failure(boolean retriable, Duration retryAfter) {

    public static final Failure PERMANENT = new Failure(false, null);
    public static final Failure TRANSIENT = new Failure(true, null);
}

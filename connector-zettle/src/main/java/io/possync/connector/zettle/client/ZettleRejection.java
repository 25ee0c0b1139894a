package io.possync.connector.zettle.client;

/**
 * Zettle refused a request in a way that repeating it will not fix (a 4xx, rejected credentials).
 * The message is a readable reason for the parked command.
 */
public class ZettleRejection extends RuntimeException {

    public ZettleRejection(String reason, Throwable cause) {
        super(reason, cause);
    }
}

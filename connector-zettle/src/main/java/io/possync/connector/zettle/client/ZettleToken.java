package io.possync.connector.zettle.client;

import java.time.Instant;

/** An access token and the moment it stops working. {@link #toString()} hides the token. */
public record ZettleToken(String accessToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "ZettleToken[expiresAt=" + expiresAt + "]";
    }
}

package io.possync.connector.zettle.client;

import io.possync.common.connection.Connection;
import io.possync.common.http.RateLimiterRegistry;
import io.possync.common.http.RetryExecutor;
import io.possync.connector.zettle.config.ZettleProperties;

/** Opens a {@link ZettleSession} per connection and poll, sharing tokens and rate limiters per connection. */
public class ZettleSessions {

    private final ZettleClient client;
    private final ZettleProperties properties;
    private final ZettleTokenCache tokens;
    private final RetryExecutor retry;
    private final RateLimiterRegistry limiters;
    private final ZettleErrorBody errors;

    public ZettleSessions(ZettleClient client, ZettleProperties properties, ZettleTokenCache tokens,
                          RetryExecutor retry, RateLimiterRegistry limiters, ZettleErrorBody errors) {
        this.client = client;
        this.properties = properties;
        this.tokens = tokens;
        this.retry = retry;
        this.limiters = limiters;
        this.errors = errors;
    }

    public ZettleSession open(Connection connection) {
        return new ZettleSession(client, connection, ZettleHosts.of(connection, properties), tokens, retry,
                limiters.forAccount(connection.id()), errors);
    }
}

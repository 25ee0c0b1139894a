package io.possync.connector.shopify.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Shopify connector ({@code possync.shopify.*}).
 *
 * @param publishTimeout   how long a listener waits for the broker to acknowledge a produced event before
 *                         the consumed record is retried (it is committed only after the acknowledgement)
 * @param apiVersion       Admin API version in the request path (pinned; see the Shopify reference §0)
 * @param connectTimeout   TCP connect timeout of Admin API calls
 * @param requestTimeout   answer timeout of one Admin API call
 * @param rowsPerCall      quantity rows per {@code inventorySetQuantities} (Shopify's input limit is 250)
 * @param lookupsPerQuery  SKU searches or level reads bundled (as aliases) into one GraphQL query
 * @param maxThrottleWaits throttled answers tolerated for one call before it counts as failed
 * @param retry            transport failures (I/O, 5xx) of one call
 * @param outcomeStoreDelay how long the outcome of a quick stock write may wait in memory, to be stored
 *                         with those of the next writes (0 stores it at once)
 */
@ConfigurationProperties("possync.shopify")
public record ShopifyConnectorProperties(@DefaultValue("10s") Duration publishTimeout,
                                         @DefaultValue("2026-07") String apiVersion,
                                         @DefaultValue("5s") Duration connectTimeout,
                                         @DefaultValue("15s") Duration requestTimeout,
                                         @DefaultValue("250") int rowsPerCall,
                                         @DefaultValue("25") int lookupsPerQuery,
                                         @DefaultValue("20") int maxThrottleWaits,
                                         @DefaultValue Retry retry,
                                         @DefaultValue("500ms") Duration outcomeStoreDelay) {

    /**
     * @param maxAttempts attempts of one call including the first
     * @param baseDelay   first backoff ceiling (full jitter, doubling)
     * @param maxDelay    longest wait between attempts
     */
    public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("250ms") Duration baseDelay,
                        @DefaultValue("5s") Duration maxDelay) {
    }
}

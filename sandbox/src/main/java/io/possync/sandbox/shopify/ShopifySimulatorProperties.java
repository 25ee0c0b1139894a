package io.possync.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the simulated shop ({@code sim.shopify.*}).
 *
 * @param shopDomain     sent as {@code X-Shopify-Shop-Domain}
 * @param clientSecret   the app's client secret: the webhook HMAC key
 * @param accessToken    the only token the Admin API accepts
 * @param apiVersion     sent as {@code X-Shopify-API-Version} (any version is accepted on requests)
 * @param utcOffset      the shop's UTC offset, used for dates in webhook bodies (GraphQL dates are UTC)
 * @param currency       shop currency when an order names none
 * @param taxRate        tax rate of lines that name none (prices include tax, as in EU shops)
 * @param posLocationId  location of POS orders ({@code location_id}, {@code retailLocation})
 * @param bucket         the GraphQL leaky bucket
 * @param delivery       webhook delivery timing
 */
@ConfigurationProperties("sim.shopify")
public record ShopifySimulatorProperties(
        @DefaultValue("demo.myshopify.com") String shopDomain,
        @DefaultValue("sim-client-secret") String clientSecret,
        @DefaultValue("shpat_sim_access_token") String accessToken,
        @DefaultValue("2026-07") String apiVersion,
        @DefaultValue("+01:00") String utcOffset,
        @DefaultValue("DKK") String currency,
        @DefaultValue("0.25") BigDecimal taxRate,
        @DefaultValue("71234567890") long posLocationId,
        @DefaultValue Bucket bucket,
        @DefaultValue Delivery delivery) {

    public ZoneOffset zoneOffset() {
        return ZoneOffset.of(utcOffset);
    }

    /**
     * @param size        points the bucket holds (Standard plan: 2000)
     * @param restoreRate points restored per second (Standard plan: 100)
     */
    public record Bucket(@DefaultValue("2000") int size, @DefaultValue("100") int restoreRate) {
    }

    /**
     * Shopify answers within 5 s or retries 8 times over about 4 h with exponential backoff; the local
     * default keeps the shape (bounded exponential retries) on a timeline of seconds.
     *
     * @param timeout        a receiver slower than this counts as failed
     * @param maxAttempts    attempts per delivery including the first
     * @param initialBackoff wait before the first retry
     * @param multiplier     growth of the wait per retry
     * @param maxBackoff     longest wait between attempts
     */
    public record Delivery(@DefaultValue("5s") Duration timeout, @DefaultValue("9") int maxAttempts,
                           @DefaultValue("1s") Duration initialBackoff, @DefaultValue("2.0") double multiplier,
                           @DefaultValue("60s") Duration maxBackoff) {
    }
}

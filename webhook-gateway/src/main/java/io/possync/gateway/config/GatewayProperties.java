package io.possync.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code possync.gateway}.
 *
 * @param maxBodyBytes       largest accepted request body; larger ones get 413 without being buffered
 * @param claimTimeout       how long a PENDING claim blocks duplicates before another request may take it
 *                           over (the claimer is then presumed dead)
 * @param deliveryRetention  age after which a dedupe record may expire (TTL index); must outlast the
 *                           vendors' retry windows (Shopify about 1 day, Zettle about 70 h)
 * @param publishedCacheSize size of the in-memory set of recently published dedupe keys that answers hot
 *                           duplicates without a Mongo round trip
 * @param storeTimeout       bound on each Mongo call of the hot path; a call before the Kafka publish waits at
 *                           most what the vendor's answer window leaves the publish (Shopify 5 s, Zettle
 *                           10 s, WooCommerce 60 s, less {@code answerMargin})
 * @param publishTimeout     bound on waiting for the Kafka acknowledgement; keeps the answer inside
 *                           Shopify's 5 s window
 * @param answerMargin       how long before the end of the vendor's answer window the gateway means to answer
 * @param retryAfter         value of the Retry-After header on 409 and 503 answers
 */
@ConfigurationProperties("possync.gateway")
public record GatewayProperties(
        @DefaultValue("1MB") DataSize maxBodyBytes,
        @DefaultValue("30s") Duration claimTimeout,
        @DefaultValue("7d") Duration deliveryRetention,
        @DefaultValue("10000") int publishedCacheSize,
        @DefaultValue("5s") Duration storeTimeout,
        @DefaultValue("3s") Duration publishTimeout,
        @DefaultValue("1s") Duration answerMargin,
        @DefaultValue("5s") Duration retryAfter) {

    public int maxBodyBytesInt() {
        return (int) Math.min(Integer.MAX_VALUE, maxBodyBytes.toBytes());
    }
}

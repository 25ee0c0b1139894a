package io.possync.connector.woocommerce.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the WooCommerce connector ({@code possync.woocommerce.*}).
 *
 * @param publishTimeout     how long a listener waits for the broker's ack before the consumed record is retried
 * @param requestsPerSecond  request budget per store (wc/v3 has no limit of its own, hosts and WAFs do)
 * @param burst              requests an idle store may receive at once
 * @param requestTimeout     one HTTP attempt, response included
 * @param connectTimeout     TCP connect
 * @param retry              in-process retries of 429/5xx/timeouts
 * @param batchSize          items per {@code POST …/batch}; WooCommerce caps a batch at 100 items
 * @param pollInterval       how often each store's orders and stock levels are polled (WooCommerce never retries
 *                           a webhook) when no enabled flow sets the store's {@code reconcileInterval}
 * @param pollOverlap        how far before the stored watermark each poll starts again (clock skew, same-second edits)
 * @param pollInitialLookback where the first poll of a store starts, before any watermark exists
 * @param pollLease          the longest one poll run may take before another instance may start it again
 * @param pollPageSize       {@code per_page} of the orders and stock polls (at most 100)
 */
@ConfigurationProperties("possync.woocommerce")
public record WooCommerceProperties(Duration publishTimeout, Double requestsPerSecond, Double burst,
                                    Duration requestTimeout, Duration connectTimeout, Retry retry,
                                    Integer batchSize, Duration pollInterval, Duration pollOverlap,
                                    Duration pollInitialLookback, Duration pollLease, Integer pollPageSize) {

    public static final int MAX_BATCH = 100;
    public static final int MAX_PER_PAGE = 100;

    /**
     * @param maxAttempts total HTTP attempts per call, the first included
     * @param baseDelay   ceiling of the first backoff; doubles per retry (full jitter below it)
     * @param maxDelay    cap of a single wait, also for a server's Retry-After
     */
    public record Retry(Integer maxAttempts, Duration baseDelay, Duration maxDelay) {

        public Retry {
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            baseDelay = baseDelay == null ? Duration.ofMillis(250) : baseDelay;
            maxDelay = maxDelay == null ? Duration.ofSeconds(10) : maxDelay;
        }
    }

    public WooCommerceProperties {
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(10) : publishTimeout;
        requestsPerSecond = requestsPerSecond == null ? 10.0 : requestsPerSecond;
        burst = burst == null ? 5.0 : burst;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        retry = retry == null ? new Retry(null, null, null) : retry;
        batchSize = batchSize == null ? MAX_BATCH : batchSize;
        pollInterval = pollInterval == null ? Duration.ofMinutes(5) : pollInterval;
        pollOverlap = pollOverlap == null ? Duration.ofMinutes(2) : pollOverlap;
        pollInitialLookback = pollInitialLookback == null ? Duration.ofDays(1) : pollInitialLookback;
        pollLease = pollLease == null ? pollInterval.multipliedBy(3) : pollLease;
        pollPageSize = pollPageSize == null ? MAX_PER_PAGE : pollPageSize;
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("possync.woocommerce.batch-size must be 1.." + MAX_BATCH);
        }
        if (pollPageSize < 1 || pollPageSize > MAX_PER_PAGE) {
            throw new IllegalArgumentException("possync.woocommerce.poll-page-size must be 1.." + MAX_PER_PAGE);
        }
    }
}

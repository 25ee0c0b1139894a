package io.possync.connector.zettle.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Zettle connector ({@code possync.zettle.*}).
 *
 * @param oauthUrl           token host, used when a connection has no base URL of its own
 * @param productsUrl        product library host, idem
 * @param inventoryUrl       inventory host, idem
 * @param requestsPerSecond  budget per Zettle account; Inventory v3 documents a soft ~4 req/s rolling average
 * @param burst              requests an idle account may send at once
 * @param requestTimeout     one HTTP attempt, response included
 * @param connectTimeout     TCP connect
 * @param tokenRefreshMargin fetch a new access token this long before the old one expires
 * @param retry              in-process retries of 429/5xx/timeouts
 * @param maxMovementsPerRequest most movements sent in one {@code POST /v3/movements}; Zettle documents no
 *                           batch limit for v3 (UNCONFIRMED), so this stays well below anything plausible
 * @param maxPollRecords     most commands taken from Kafka per poll, i.e. the largest batch worked on at once
 * @param reconcileInterval  how often a connection's STORE balances are polled when no enabled flow sets its
 *                           {@code reconcileInterval} (zero or less: never)
 * @param libraryRefreshInterval least time between two reads of a connection's product library caused by
 *                           variants the mappings do not know (webhooks, polls)
 * @param publishTimeout     longest wait for Kafka to acknowledge the stock events of one batch or poll
 */
@ConfigurationProperties("possync.zettle")
public record ZettleProperties(String oauthUrl, String productsUrl, String inventoryUrl, Double requestsPerSecond,
                               Double burst, Duration requestTimeout, Duration connectTimeout,
                               Duration tokenRefreshMargin, Retry retry,
                               Integer maxMovementsPerRequest, Integer maxPollRecords,
                               Duration reconcileInterval, Duration libraryRefreshInterval,
                               Duration publishTimeout) {

    /**
     * @param maxAttempts total HTTP attempts per call, the first included
     * @param baseDelay   ceiling of the first backoff; doubles per retry (full jitter below it)
     * @param maxDelay    cap of a single wait, also for a server's Retry-After
     */
    public record Retry(Integer maxAttempts, Duration baseDelay, Duration maxDelay) {

        public Retry {
            maxAttempts = maxAttempts == null ? 6 : maxAttempts;
            baseDelay = baseDelay == null ? Duration.ofMillis(250) : baseDelay;
            maxDelay = maxDelay == null ? Duration.ofSeconds(10) : maxDelay;
        }
    }

    public ZettleProperties {
        oauthUrl = oauthUrl == null ? "https://oauth.zettle.com" : oauthUrl;
        productsUrl = productsUrl == null ? "https://products.izettle.com" : productsUrl;
        inventoryUrl = inventoryUrl == null ? "https://inventory.izettle.com" : inventoryUrl;
        requestsPerSecond = requestsPerSecond == null ? 4.0 : requestsPerSecond;
        burst = burst == null ? 4.0 : burst;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        tokenRefreshMargin = tokenRefreshMargin == null ? Duration.ofSeconds(60) : tokenRefreshMargin;
        retry = retry == null ? new Retry(null, null, null) : retry;
        maxMovementsPerRequest = maxMovementsPerRequest == null ? 50 : maxMovementsPerRequest;
        maxPollRecords = maxPollRecords == null ? 200 : maxPollRecords;
        reconcileInterval = reconcileInterval == null ? Duration.ofMinutes(5) : reconcileInterval;
        libraryRefreshInterval = libraryRefreshInterval == null ? Duration.ofSeconds(30) : libraryRefreshInterval;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(10) : publishTimeout;
        if (maxMovementsPerRequest < 1) {
            throw new IllegalArgumentException("possync.zettle.max-movements-per-request must be at least 1");
        }
    }
}

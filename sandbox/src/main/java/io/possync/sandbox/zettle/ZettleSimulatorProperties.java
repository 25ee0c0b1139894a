package io.possync.sandbox.zettle;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Zettle simulator ({@code sim.zettle.*}).
 *
 * @param organizationUuid the one simulated organization
 * @param tokenLifetime    {@code expires_in} of granted access tokens (Zettle: 7200 s)
 * @param credentials      client id / API key pairs accepted from the start (more via {@code POST /sim/credentials})
 * @param rateLimit        Inventory's soft ~4 req/s rolling average, per organization
 * @param pusher           webhook delivery
 */
@ConfigurationProperties("sim.zettle")
public record ZettleSimulatorProperties(String organizationUuid, Duration tokenLifetime, List<Credential> credentials,
                                        RateLimit rateLimit, Pusher pusher) {

    public record Credential(String clientId, String apiKey) {
    }

    /**
     * @param enabled           false for benchmarks
     * @param requestsPerSecond the average allowed
     * @param window            the rolling window the average is taken over; one extra second of requests
     *                          is allowed on top, so a client that keeps to the rate with a one-second
     *                          burst is never refused
     */
    public record RateLimit(Boolean enabled, Double requestsPerSecond, Duration window) {

        public RateLimit {
            enabled = enabled == null || enabled;
            requestsPerSecond = requestsPerSecond == null ? 4.0 : requestsPerSecond;
            window = window == null ? Duration.ofSeconds(5) : window;
        }
    }

    /**
     * @param retryInterval wait between attempts of a failed delivery (Zettle: 60 s, then longer)
     * @param maxAttempts   attempts per message before it is dropped and the subscription stays FAILING
     * @param timeout       Zettle expects an answer within 10 s
     * @param connections   deliveries under way at once to one destination; more wait for a connection (within
     *                      their timeout)
     */
    public record Pusher(Duration retryInterval, Integer maxAttempts, Duration timeout, Integer connections) {

        public Pusher {
            retryInterval = retryInterval == null ? Duration.ofSeconds(60) : retryInterval;
            maxAttempts = maxAttempts == null ? 10 : maxAttempts;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            connections = connections == null ? 500 : connections;
        }
    }

    public ZettleSimulatorProperties {
        organizationUuid = organizationUuid == null ? "5e6b6f70-c9a8-11ef-9cd2-0242ac120002" : organizationUuid;
        tokenLifetime = tokenLifetime == null ? Duration.ofSeconds(7200) : tokenLifetime;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        rateLimit = rateLimit == null ? new RateLimit(null, null, null) : rateLimit;
        pusher = pusher == null ? new Pusher(null, null, null, null) : pusher;
    }
}

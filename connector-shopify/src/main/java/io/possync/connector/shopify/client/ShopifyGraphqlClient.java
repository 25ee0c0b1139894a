package io.possync.connector.shopify.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.http.FailureClassifier;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetryExecutor;
import io.possync.common.http.Sleeper;
import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Admin GraphQL endpoint of one shop per connection ({@code <baseUrl>/admin/api/<version>/graphql.json},
 * token in {@code X-Shopify-Access-Token}). Calls block, so they run on listener threads only. Each
 * shop's cost bucket is tracked from {@code extensions.cost} and honoured before every call; a THROTTLED
 * answer (HTTP 200 or 429, the reference leaves both open) waits {@code (requested − available) /
 * restoreRate} and repeats the call; I/O failures and 5xx are retried with backoff.
 */
public class ShopifyGraphqlClient {

    private static final Logger log = LoggerFactory.getLogger(ShopifyGraphqlClient.class);
    private static final Duration THROTTLED_FALLBACK_WAIT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final JsonMapper json;
    private final ShopifyConnectorProperties properties;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryExecutor retry;
    private final FailureClassifier classifier;
    private final Map<String, ShopifyCostBucket> buckets = new ConcurrentHashMap<>();

    public ShopifyGraphqlClient(HttpClient http, JsonMapper json, ShopifyConnectorProperties properties, Clock clock,
                                Sleeper sleeper, RetryExecutor retry) {
        this.http = http;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.sleeper = sleeper;
        this.retry = retry;
        this.classifier = new FailureClassifier(clock);
    }

    /**
     * Runs one query or mutation.
     *
     * @param estimatedCost what the call is expected to take from the bucket (a mutation costs 10)
     * @throws ShopifyApiException        on top-level GraphQL errors or a refused (4xx) request
     * @throws ShopifyThrottledException  when the call stayed throttled through every allowed wait
     */
    public GraphqlResponse execute(Connection connection, String query, Map<String, Object> variables,
                                   int estimatedCost) {
        byte[] body = requestBody(query, variables);
        return retry.call("Shopify GraphQL for " + connection.id(),
                () -> executeThrottled(connection, body, estimatedCost));
    }

    /** The request body with nulls kept: {@code changeFromQuantity: null} is required, not optional (pitfall §8.6). */
    public byte[] requestBody(String query, Map<String, Object> variables) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", query);
        request.put("variables", variables);
        return json.writeValueAsBytes(request);
    }

    ShopifyCostBucket bucket(String connectionId) {
        return buckets.computeIfAbsent(connectionId, id -> new ShopifyCostBucket(clock));
    }

    private GraphqlResponse executeThrottled(Connection connection, byte[] body, int estimatedCost)
            throws IOException, InterruptedException {
        ShopifyCostBucket bucket = bucket(connection.id());
        for (int throttled = 0; ; throttled++) {
            Duration wait = bucket.reserve(estimatedCost);
            if (!wait.isZero()) {
                log.debug("Shopify {}: waiting {} ms for the cost bucket", connection.id(), wait.toMillis());
                sleeper.sleep(wait);
            }
            HttpResponse<byte[]> response = send(connection, body);
            JsonNode answer = readBody(response);
            JsonNode cost = answer == null ? null : answer.path("extensions").path("cost");
            if (cost != null && cost.has("throttleStatus")) {
                JsonNode status = cost.path("throttleStatus");
                bucket.observe(status.path("maximumAvailable").asDouble(), status.path("currentlyAvailable").asDouble(),
                        status.path("restoreRate").asDouble());
            }
            if (response.statusCode() == 429 || isThrottled(answer)) {
                if (throttled >= properties.maxThrottleWaits()) {
                    throw new ShopifyThrottledException("Shopify " + connection.id() + " still throttled after "
                            + throttled + " waits");
                }
                Duration backOff = throttledWait(cost, response);
                log.debug("Shopify {} throttled; waiting {} ms", connection.id(), backOff.toMillis());
                sleeper.sleep(backOff);
                continue;
            }
            if (response.statusCode() / 100 != 2) {
                throw new HttpStatusException("POST graphql.json for " + connection.id(), response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8),
                        response.headers().firstValue("Retry-After").orElse(null), null);
            }
            return new GraphqlResponse(dataOrFail(connection, answer));
        }
    }

    private HttpResponse<byte[]> send(Connection connection, byte[] body) throws IOException, InterruptedException {
        String base = connection.baseUrl().endsWith("/")
                ? connection.baseUrl().substring(0, connection.baseUrl().length() - 1) : connection.baseUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/api/" + properties.apiVersion()
                        + "/graphql.json"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Shopify-Access-Token", connection.credential("accessToken"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode readBody(HttpResponse<byte[]> response) {
        if (response.body() == null || response.body().length == 0) {
            return null;
        }
        try {
            return json.readTree(response.body());
        } catch (tools.jackson.core.JacksonException e) {
            if (response.statusCode() / 100 == 2) {
                throw new ShopifyApiException("Shopify answered unreadable JSON: " + e.getOriginalMessage());
            }
            return null;
        }
    }

    private Duration throttledWait(JsonNode cost, HttpResponse<byte[]> response) {
        if (cost != null && cost.has("requestedQueryCost") && cost.has("throttleStatus")) {
            JsonNode status = cost.path("throttleStatus");
            return ShopifyCostBucket.throttledWait(cost.path("requestedQueryCost").asDouble(),
                    status.path("currentlyAvailable").asDouble(), status.path("restoreRate").asDouble());
        }
        Duration retryAfter = classifier.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null));
        return retryAfter != null ? retryAfter : THROTTLED_FALLBACK_WAIT;
    }

    private static boolean isThrottled(JsonNode answer) {
        if (answer == null) {
            return false;
        }
        for (JsonNode error : answer.path("errors")) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode dataOrFail(Connection connection, JsonNode answer) {
        if (answer == null) {
            throw new ShopifyApiException("Shopify " + connection.id() + " answered an empty body");
        }
        JsonNode errors = answer.path("errors");
        if (!errors.isMissingNode() && !errors.isNull() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            if (errors.isArray()) {
                errors.forEach(e -> messages.add(e.path("message").asString("?") + " ("
                        + e.path("extensions").path("code").asString("no code") + ")"));
            } else {
                messages.add(errors.toString());
            }
            throw new ShopifyApiException("Shopify refused the request: " + String.join("; ", messages));
        }
        return answer.path("data");
    }
}

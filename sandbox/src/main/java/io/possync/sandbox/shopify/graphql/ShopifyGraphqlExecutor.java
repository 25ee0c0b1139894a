package io.possync.sandbox.shopify.graphql;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;

/**
 * Runs a GraphQL request against the registered resolvers under the leaky bucket and answers in
 * Shopify's shape: {@code data}, {@code errors} and {@code extensions.cost}.
 */
@Component
public class ShopifyGraphqlExecutor {

    static final int MAX_QUERY_COST = 1000;

    private final Map<String, ShopifyGraphqlResolver> queries = new HashMap<>();
    private final Map<String, ShopifyGraphqlResolver> mutations = new HashMap<>();
    private final LeakyBucket bucket;
    private final ShopifySimulatorProperties properties;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong throttled = new AtomicLong();

    public ShopifyGraphqlExecutor(List<ShopifyGraphqlResolver> resolvers, ShopifySimulatorProperties properties,
                                  Clock clock) {
        resolvers.forEach(r -> (r.mutation() ? mutations : queries).put(r.field(), r));
        this.properties = properties;
        this.bucket = new LeakyBucket(clock, properties.bucket().size(), properties.bucket().restoreRate());
    }

    public LeakyBucket bucket() {
        return bucket;
    }

    public void resetBucket() {
        bucket.configure(properties.bucket().size(), properties.bucket().restoreRate(), properties.bucket().size());
    }

    /**
     * Requests served per root field (a request with two root fields counts for both) and requests
     * refused as throttled, for tests that count API calls.
     */
    public Stats stats() {
        Map<String, Long> byField = new TreeMap<>();
        calls.forEach((field, count) -> byField.put(field, count.get()));
        return new Stats(byField, throttled.get());
    }

    public void resetStats() {
        calls.clear();
        throttled.set(0);
    }

    /** Body of {@code GET /sim/graphql/stats}. */
    public record Stats(Map<String, Long> calls, long throttled) {
    }

    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName) {
        GraphqlOperation operation;
        try {
            operation = GraphqlParser.parse(query, variables, operationName);
            checkFieldsExist(operation);
        } catch (GraphqlException e) {
            return Map.of("errors", List.of(error(e, null)));
        }
        int requested = requestedCost(operation);
        if (requested > MAX_QUERY_COST) {
            return response(null, List.of(error(new GraphqlException("Query cost is " + requested
                    + ", which exceeds the single query max cost limit (" + MAX_QUERY_COST + ").",
                    "MAX_COST_EXCEEDED"), null)), requested, null);
        }
        if (!bucket.tryTake(requested)) {
            throttled.incrementAndGet();
            // Shopify answers a throttled query with HTTP 200, no data and this error (the reference
            // leaves 429 open; a client that checks the body handles both)
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("message", "Throttled");
            refusal.put("extensions", Map.of("code", "THROTTLED",
                    "documentation", "https://shopify.dev/api/usage/rate-limits"));
            return response(null, List.of(refusal), requested, null);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        int actual = 0;
        for (GraphqlField field : operation.selections()) {
            calls.computeIfAbsent(field.name(), f -> new AtomicLong()).incrementAndGet();
            ShopifyGraphqlResolver resolver = (operation.mutation() ? mutations : queries).get(field.name());
            try {
                Object value = GraphqlProjection.project(resolver.resolve(field), field);
                data.put(field.responseKey(), value);
                actual += operation.mutation() ? QueryCost.MUTATION : QueryCost.actual(field, value);
            } catch (GraphqlException e) {
                data.put(field.responseKey(), null);
                errors.add(error(e, field.responseKey()));
            }
        }
        bucket.giveBack(requested - actual);
        return response(data, errors, requested, actual);
    }

    private void checkFieldsExist(GraphqlOperation operation) {
        Map<String, ShopifyGraphqlResolver> root = operation.mutation() ? mutations : queries;
        for (GraphqlField field : operation.selections()) {
            if (!root.containsKey(field.name())) {
                throw new GraphqlException("Field '" + field.name() + "' doesn't exist on type '"
                        + (operation.mutation() ? "Mutation" : "QueryRoot") + "'", "undefinedField");
            }
        }
    }

    private static int requestedCost(GraphqlOperation operation) {
        if (operation.mutation()) {
            return QueryCost.MUTATION * operation.selections().size();
        }
        return operation.selections().stream().mapToInt(QueryCost::requested).sum();
    }

    private Map<String, Object> response(Map<String, Object> data, List<Map<String, Object>> errors, int requested,
                                         Integer actual) {
        LeakyBucket.Status status = bucket.status();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", Map.of("maximumAvailable", status.maximumAvailable(),
                "currentlyAvailable", status.currentlyAvailable(), "restoreRate", status.restoreRate()));
        Map<String, Object> body = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (data != null) {
            body.put("data", data);
        }
        body.put("extensions", Map.of("cost", cost));
        return body;
    }

    private static Map<String, Object> error(GraphqlException e, String path) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        if (path != null) {
            error.put("path", List.of(path));
        }
        error.put("extensions", Map.of("code", e.code()));
        return error;
    }
}

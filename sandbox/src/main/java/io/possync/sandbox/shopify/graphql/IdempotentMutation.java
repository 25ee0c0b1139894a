package io.possync.sandbox.shopify.graphql;

import java.util.HashMap;
import java.util.Map;

/**
 * A mutation under Shopify's {@code @idempotent(key:)} rules (2026-04+): the directive is required,
 * a key seen before with the same input is answered from memory without applying again, and a key
 * reused with another input is refused. Subclasses apply the input once.
 */
abstract class IdempotentMutation implements ShopifyGraphqlResolver {

    private record Answered(Map<String, Object> input, Map<String, Object> result) {
    }

    private final String field;
    private final Map<String, Answered> byKey = new HashMap<>();

    IdempotentMutation(String field) {
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }

    @Override
    public boolean mutation() {
        return true;
    }

    public synchronized void reset() {
        byKey.clear();
    }

    /** Synchronized so that two concurrent calls with one key cannot both apply. */
    @Override
    public synchronized Object resolve(GraphqlField call) {
        Object key = call.directives().getOrDefault("idempotent", Map.of()).get("key");
        if (key == null || key.toString().isBlank()) {
            // the error's exact wording and code are unconfirmed; that it is refused is documented for 2026-04+
            throw new GraphqlException("The @idempotent directive with a key is required for " + field + ".",
                    "BAD_REQUEST");
        }
        Map<String, Object> input = call.objectArgument("input");
        if (input == null) {
            throw new GraphqlException("Field '" + field + "' is missing required arguments: input",
                    "missingRequiredArguments");
        }
        Answered earlier = byKey.get(key.toString());
        if (earlier != null) {
            if (!earlier.input().equals(input)) {
                // unconfirmed how Shopify answers a key reused with other input; refusing is the safe reading
                throw new GraphqlException("The idempotency key " + key + " was already used with a different input.",
                        "IDEMPOTENCY_KEY_REUSED");
            }
            return earlier.result();
        }
        Map<String, Object> result = apply(input);
        byKey.put(key.toString(), new Answered(input, result));
        return result;
    }

    /** Applies a first-seen input; called under this mutation's lock. */
    abstract Map<String, Object> apply(Map<String, Object> input);
}

package io.possync.sandbox.shopify.graphql;

import java.util.List;
import java.util.Map;

/**
 * A field of a parsed GraphQL request, with its arguments already resolved against the request's
 * variables. Enum values are plain strings.
 */
public record GraphqlField(String alias, String name, Map<String, Object> arguments,
                           Map<String, Map<String, Object>> directives, List<GraphqlField> selections) {

    public String responseKey() {
        return alias == null ? name : alias;
    }

    public Object argument(String argumentName) {
        return arguments.get(argumentName);
    }

    public String stringArgument(String argumentName) {
        Object value = arguments.get(argumentName);
        return value == null ? null : value.toString();
    }

    public Integer intArgument(String argumentName) {
        Object value = arguments.get(argumentName);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        throw new GraphqlException("Argument '" + argumentName + "' on Field '" + name
                + "' has an invalid value (" + value + "). Expected type 'Int'.", "argumentLiteralsIncompatible");
    }

    public boolean booleanArgument(String argumentName) {
        return Boolean.TRUE.equals(arguments.get(argumentName));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> objectArgument(String argumentName) {
        Object value = arguments.get(argumentName);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}

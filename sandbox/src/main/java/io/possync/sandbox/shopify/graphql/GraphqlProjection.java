package io.possync.sandbox.shopify.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cuts a resolver's full-shape value down to the request's selection, honouring aliases and
 * {@code __typename}. A value may be a {@code Function<GraphqlField, Object>} when it depends on the
 * field's own arguments (a nested connection such as {@code lineItems(first: 50)}).
 */
final class GraphqlProjection {

    private GraphqlProjection() {
    }

    @SuppressWarnings("unchecked")
    static Object project(Object value, GraphqlField field) {
        Object resolved = value instanceof Function<?, ?> lazy ? ((Function<GraphqlField, Object>) lazy).apply(field) : value;
        if (field.selections().isEmpty() || resolved == null) {
            return resolved;
        }
        if (resolved instanceof List<?> list) {
            return list.stream().map(item -> project(item, field)).toList();
        }
        if (resolved instanceof Map<?, ?> object) {
            Map<String, Object> projected = new LinkedHashMap<>();
            for (GraphqlField child : field.selections()) {
                projected.put(child.responseKey(), project(object.get(child.name()), child));
            }
            return projected;
        }
        return resolved;
    }
}

package io.possync.sandbox.shopify.graphql;

import java.util.List;
import java.util.Map;

/**
 * Shopify's published cost rules, approximated: a scalar costs 0, an object 1, a connection 2 plus
 * its page size times the cost of one node, a mutation 10. The requested cost uses {@code first}/{@code last};
 * the actual cost counts the nodes that came back.
 */
final class QueryCost {

    static final int MUTATION = 10;

    private QueryCost() {
    }

    static int requested(GraphqlField field) {
        return cost(field, null, false);
    }

    static int actual(GraphqlField field, Object result) {
        return cost(field, result, true);
    }

    private static int cost(GraphqlField field, Object result, boolean actual) {
        if (field.selections().isEmpty()) {
            return 0;
        }
        Integer pageSize = field.intArgument("first") != null ? field.intArgument("first") : field.intArgument("last");
        if (pageSize == null) {
            int children = 0;
            for (GraphqlField child : field.selections()) {
                children += cost(child, child(result, child), actual);
            }
            return 1 + children;
        }
        int perNode = 0;
        for (GraphqlField child : field.selections()) {
            if (child.name().equals("nodes")) {
                perNode += nodeCost(child, firstOf(child(result, child)), actual);
            } else if (child.name().equals("edges")) {
                for (GraphqlField edgeField : child.selections()) {
                    if (edgeField.name().equals("node")) {
                        perNode += nodeCost(edgeField, child(firstOf(child(result, child)), edgeField), actual);
                    }
                }
            }
        }
        int nodes = actual ? returnedNodes(field, result) : pageSize;
        return 2 + nodes * Math.max(perNode, 1);
    }

    private static int nodeCost(GraphqlField node, Object sample, boolean actual) {
        int cost = 1;
        for (GraphqlField child : node.selections()) {
            cost += cost(child, child(sample, child), actual);
        }
        return cost;
    }

    private static int returnedNodes(GraphqlField field, Object result) {
        for (GraphqlField child : field.selections()) {
            if ((child.name().equals("nodes") || child.name().equals("edges"))
                    && child(result, child) instanceof List<?> list) {
                return list.size();
            }
        }
        return 0;
    }

    private static Object child(Object result, GraphqlField child) {
        return result instanceof Map<?, ?> map ? map.get(child.responseKey()) : null;
    }

    private static Object firstOf(Object list) {
        return list instanceof List<?> items && !items.isEmpty() ? items.get(0) : null;
    }
}

package io.possync.sandbox.shopify.graphql;

import java.util.List;

/** The operation of a request: {@code query} or {@code mutation}, and its root fields. */
public record GraphqlOperation(String type, String name, List<GraphqlField> selections) {

    public boolean mutation() {
        return "mutation".equals(type);
    }
}

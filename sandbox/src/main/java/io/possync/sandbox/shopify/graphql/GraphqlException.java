package io.possync.sandbox.shopify.graphql;

/** A request error reported in the response's top-level {@code errors} with an {@code extensions.code}. */
public class GraphqlException extends RuntimeException {

    private final String code;

    public GraphqlException(String message, String code) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package io.possync.connector.shopify.client;

/**
 * Shopify refused a request in a way that repeating it will not change (top-level GraphQL errors other
 * than THROTTLED, such as an invalid query or argument); the message is the readable reason.
 */
public class ShopifyApiException extends RuntimeException {

    public ShopifyApiException(String message) {
        super(message);
    }
}

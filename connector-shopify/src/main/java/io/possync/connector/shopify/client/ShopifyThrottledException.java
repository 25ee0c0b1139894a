package io.possync.connector.shopify.client;

/** A call stayed throttled after every allowed wait: the shop's bucket is drained by something else. */
public class ShopifyThrottledException extends RuntimeException {

    public ShopifyThrottledException(String message) {
        super(message);
    }
}

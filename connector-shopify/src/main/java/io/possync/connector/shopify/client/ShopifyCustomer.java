package io.possync.connector.shopify.client;

/** The {@code customer} object of a Shopify order payload; absent for guest and most POS orders. */
public record ShopifyCustomer(Long id, String email, String firstName, String lastName) {
}

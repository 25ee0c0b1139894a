package io.possync.sandbox.shopify.order;

/** A customer of the simulated shop. */
public record SimCustomer(long id, String email, String firstName, String lastName) {
}

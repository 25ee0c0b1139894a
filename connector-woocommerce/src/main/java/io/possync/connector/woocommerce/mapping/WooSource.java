package io.possync.connector.woocommerce.mapping;

/**
 * Where a resource came from: the store's connection, and the webhook delivery it arrived in
 * ({@code causationId}), null when it was polled.
 */
public record WooSource(String tenantId, String connectionId, String causationId) {
}

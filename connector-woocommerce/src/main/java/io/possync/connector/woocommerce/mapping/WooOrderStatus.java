package io.possync.connector.woocommerce.mapping;

import java.util.Map;
import java.util.Set;

import io.possync.schemas.avro.OrderState;

/** WooCommerce order statuses in canonical terms; {@code processing} means paid (the flow's default trigger). */
final class WooOrderStatus {

    /**
     * Not orders yet: {@code checkout-draft} is the block checkout's cart-in-progress (still sent via
     * {@code order.updated}, woocommerce#66995) and {@code trash} a deleted order.
     */
    static final Set<String> IGNORED = Set.of("checkout-draft", "trash");

    private static final Map<String, OrderState> STATES = Map.of(
            "pending", OrderState.PENDING,
            "processing", OrderState.PAID,
            "on-hold", OrderState.ON_HOLD,
            "completed", OrderState.COMPLETED,
            "cancelled", OrderState.CANCELLED,
            "refunded", OrderState.REFUNDED,
            "failed", OrderState.FAILED);

    private WooOrderStatus() {
    }

    /** Plugins add statuses of their own; those stay UNKNOWN (with the word kept as sourceStatus) rather than guessed. */
    static OrderState state(String status) {
        return STATES.getOrDefault(status, OrderState.UNKNOWN);
    }
}

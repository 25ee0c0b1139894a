package io.possync.sandbox.shopify.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The webhook topics the simulator knows, in both spellings: REST ({@code orders/create}, used in the
 * {@code X-Shopify-Topic} header) and the GraphQL enum ({@code ORDERS_CREATE}). The mapping is a table
 * because the enum alone is ambiguous ({@code ORDERS_PARTIALLY_FULFILLED}).
 */
public final class WebhookTopics {

    private static final List<String> TOPICS = List.of(
            "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
            "orders/partially_fulfilled", "orders/delete", "refunds/create", "products/create", "products/update",
            "products/delete", "inventory_levels/update", "inventory_levels/connect", "inventory_levels/disconnect",
            "inventory_items/create", "inventory_items/update", "inventory_items/delete", "customers/create",
            "customers/update", "app/uninstalled");

    private static final Map<String, String> BY_ENUM = TOPICS.stream()
            .collect(Collectors.toUnmodifiableMap(WebhookTopics::toEnum, Function.identity()));

    private WebhookTopics() {
    }

    public static String toEnum(String topic) {
        return topic.replace('/', '_').toUpperCase(Locale.ROOT);
    }

    /** Reads either spelling; empty for an unknown topic. */
    public static Optional<String> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        if (TOPICS.contains(topic)) {
            return Optional.of(topic);
        }
        return Optional.ofNullable(BY_ENUM.get(topic));
    }
}

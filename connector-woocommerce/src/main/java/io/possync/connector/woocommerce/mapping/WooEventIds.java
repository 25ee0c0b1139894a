package io.possync.connector.woocommerce.mapping;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: the same resource version gives the same id whether it arrived by
 * webhook or by poll, so downstream dedupe takes it once.
 */
public final class WooEventIds {

    private WooEventIds() {
    }

    public static String order(String connectionId, String orderId, String dateModifiedGmt) {
        return uuid("woocommerce:order", connectionId, orderId, dateModifiedGmt);
    }

    public static String stock(String connectionId, String sku, String sourceVersion, long level) {
        return uuid("woocommerce:stock", connectionId, sku, sourceVersion, Long.toString(level));
    }

    private static String uuid(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package io.possync.connector.shopify.mapping;

import java.util.Locale;
import java.util.Map;

import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;

/** Shopify's status words and source names, read into the canonical order state and sales channel. */
final class ShopifyOrderStatus {

    private static final Map<String, OrderState> FINANCIAL_STATES = Map.of(
            "pending", OrderState.PENDING,
            "authorized", OrderState.AUTHORIZED,
            "partially_paid", OrderState.PARTIALLY_PAID,
            "paid", OrderState.PAID,
            // a partial refund leaves the rest of the order sold: it was paid, stock stays drawn
            "partially_refunded", OrderState.PAID,
            "refunded", OrderState.REFUNDED,
            "voided", OrderState.VOIDED);

    private static final String NO_STATUS = "unknown";

    private ShopifyOrderStatus() {
    }

    /** A cancelled order is CANCELLED whatever its financial status (a cancel may or may not refund). */
    static OrderState state(String financialStatus, boolean cancelled) {
        if (cancelled) {
            return OrderState.CANCELLED;
        }
        if (financialStatus == null) {
            return OrderState.UNKNOWN;
        }
        return FINANCIAL_STATES.getOrDefault(financialStatus.toLowerCase(Locale.ROOT), OrderState.UNKNOWN);
    }

    static String sourceStatus(String financialStatus, boolean cancelled) {
        String status = financialStatus == null || financialStatus.isBlank() ? NO_STATUS : financialStatus;
        return cancelled ? status + "/cancelled" : status;
    }

    /**
     * Only {@code pos} is a Shopify POS sale (stock already left the shop's own register location).
     * Every other source ({@code web}, {@code shopify_draft_order}, {@code iphone}, {@code android},
     * numeric app ids, or none) is an online sale and therefore a WEB order that draws from POS stock.
     */
    static SalesChannel channel(String sourceName) {
        return "pos".equalsIgnoreCase(sourceName) ? SalesChannel.POS : SalesChannel.WEB;
    }
}

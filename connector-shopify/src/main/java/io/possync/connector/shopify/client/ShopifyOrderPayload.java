package io.possync.connector.shopify.client;

import java.util.List;

/**
 * The part of Shopify's REST-shaped order (webhook body of {@code orders/*}) the platform reads.
 * Field names follow the payload through the reader's snake_case naming; unknown fields are ignored,
 * because Shopify adds fields without a version bump. Money stays a decimal string as sent.
 */
public record ShopifyOrderPayload(
        Long id,
        String adminGraphqlApiId,
        String name,
        String email,
        String currency,
        String totalPrice,
        String financialStatus,
        String cancelledAt,
        String sourceName,
        String createdAt,
        String updatedAt,
        List<ShopifyLineItem> lineItems,
        ShopifyCustomer customer) {
}

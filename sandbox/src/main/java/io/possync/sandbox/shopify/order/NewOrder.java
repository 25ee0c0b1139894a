package io.possync.sandbox.shopify.order;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code POST /sim/orders}.
 *
 * @param financialStatus pending, authorized, partially_paid, paid, ... (default paid)
 * @param sourceName      web, pos, shopify_draft_order, ... (default web)
 * @param currency        ISO code (default: the shop currency)
 */
public record NewOrder(List<Line> lines, String financialStatus, String sourceName, String currency, String email,
                       String firstName, String lastName) {

    /** One ordered line; {@code price} is the gross unit price, {@code taxRate} a fraction (0.25). */
    public record Line(String sku, Integer quantity, BigDecimal price, String title, BigDecimal taxRate) {
    }
}

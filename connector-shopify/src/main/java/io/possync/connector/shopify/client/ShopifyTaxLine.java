package io.possync.connector.shopify.client;

import java.math.BigDecimal;

/** One {@code tax_lines[]} entry; {@code rate} is a fraction (0.25 = 25 %), {@code price} the tax amount. */
public record ShopifyTaxLine(String title, String price, BigDecimal rate) {
}

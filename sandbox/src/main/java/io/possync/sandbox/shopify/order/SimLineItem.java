package io.possync.sandbox.shopify.order;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of a simulated order. Prices include tax (EU-style shop), so the tax of a line is the
 * part of its gross amount that the rate accounts for.
 */
public record SimLineItem(long id, long productId, long variantId, String sku, String title, int quantity,
                          BigDecimal price, BigDecimal taxRate) {

    public BigDecimal gross() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }

    public BigDecimal tax(int fractionDigits) {
        BigDecimal gross = gross();
        return gross.subtract(gross.divide(BigDecimal.ONE.add(taxRate), fractionDigits, RoundingMode.HALF_EVEN));
    }
}

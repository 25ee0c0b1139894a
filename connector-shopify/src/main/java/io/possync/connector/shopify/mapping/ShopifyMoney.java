package io.possync.connector.shopify.mapping;

import java.math.BigDecimal;
import java.util.Currency;

import io.possync.common.kafka.PermanentFailure;

/** Converts Shopify's decimal money strings ("249.00", "1500") into minor units of the order currency. */
final class ShopifyMoney {

    private ShopifyMoney() {
    }

    static int fractionDigits(String currencyCode) {
        if (currencyCode == null || currencyCode.isBlank()) {
            throw new PermanentFailure("order has no currency");
        }
        int digits;
        try {
            digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("unknown currency " + currencyCode, e);
        }
        if (digits < 0) {
            throw new PermanentFailure("currency " + currencyCode + " has no minor unit");
        }
        return digits;
    }

    /**
     * Exact conversion: an amount with more decimals than the currency has (a sub-cent value) is
     * refused rather than rounded, so that no amount is ever invented on the way through.
     */
    static long toMinor(String amount, int fractionDigits, String field) {
        if (amount == null || amount.isBlank()) {
            throw new PermanentFailure(field + " is missing");
        }
        try {
            return new BigDecimal(amount.trim()).movePointRight(fractionDigits).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new PermanentFailure(field + " '" + amount + "' is not an amount with at most "
                    + fractionDigits + " decimals", e);
        }
    }
}

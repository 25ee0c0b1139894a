package io.possync.connector.woocommerce.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import io.possync.common.kafka.PermanentFailure;

/** WooCommerce money: decimal strings ({@code "21.99"}) in the order currency, converted to minor units exactly. */
final class WooMoney {

    private WooMoney() {
    }

    static int fractionDigits(String currencyCode) {
        if (currencyCode == null || currencyCode.isBlank()) {
            throw new PermanentFailure("order has no currency");
        }
        try {
            int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
            if (digits < 0) {
                throw new PermanentFailure("currency " + currencyCode + " has no minor unit");
            }
            return digits;
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("unknown currency " + currencyCode, e);
        }
    }

    /** Refuses, rather than rounds, an amount finer than the currency's minor unit: no amount is invented. */
    static long toMinor(String amount, int digits, String field) {
        BigDecimal value = decimal(amount, field);
        try {
            return value.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new PermanentFailure(field + " '" + amount + "' has more than " + digits + " decimals", e);
        }
    }

    /** {@code amount / quantity} in minor units when that division is exact, else null. */
    static Long exactUnit(String amount, int quantity, int digits) {
        if (amount == null || amount.isBlank() || quantity <= 0) {
            return null;
        }
        try {
            BigDecimal minor = new BigDecimal(amount.trim()).movePointRight(digits);
            BigDecimal[] division = minor.divideAndRemainder(BigDecimal.valueOf(quantity));
            return division[1].signum() == 0 ? division[0].longValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** A JSON number (line {@code price}, a float in PHP) in minor units, rounded half-up to the nearest unit. */
    static long roundedMinor(BigDecimal amount, int digits) {
        return amount.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    static BigDecimal decimal(String amount, String field) {
        if (amount == null || amount.isBlank()) {
            throw new PermanentFailure(field + " is missing");
        }
        try {
            return new BigDecimal(amount.trim());
        } catch (NumberFormatException e) {
            throw new PermanentFailure(field + " '" + amount + "' is not a decimal amount", e);
        }
    }
}

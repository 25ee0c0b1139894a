package io.possync.connector.zettle.client;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/**
 * Reads a stock balance leniently: Zettle sends it as a number in Inventory v3 and as a string
 * ({@code "5"}) in webhooks and v2 responses (reference pitfall 2). Only whole units are stock.
 */
public final class ZettleBalance {

    private ZettleBalance() {
    }

    /**
     * The balance, or null when the field is absent or JSON null.
     *
     * @throws IllegalArgumentException when the value is present but not a whole number
     */
    public static Long parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("balance '" + node.stringValue() + "' is not a number", e);
            }
        } else {
            throw new IllegalArgumentException("balance " + node + " is not a number");
        }
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("balance " + value.toPlainString() + " is not a whole number", e);
        }
    }
}

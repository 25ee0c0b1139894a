package io.possync.sandbox.shopify.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

/** An order of the simulated shop; immutable, replaced as a whole on every change. */
public record SimOrder(long id, int orderNumber, String email, String currency, String financialStatus,
                       String sourceName, Instant createdAt, Instant updatedAt, Instant cancelledAt,
                       String cancelReason, String token, List<SimLineItem> lines, SimCustomer customer) {

    public String name() {
        return "#" + orderNumber;
    }

    public boolean pos() {
        return "pos".equals(sourceName);
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    public int fractionDigits() {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    public BigDecimal totalPrice() {
        return lines.stream().map(SimLineItem::gross).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal totalTax() {
        int digits = fractionDigits();
        return lines.stream().map(l -> l.tax(digits)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public SimOrder paid(Instant at) {
        return new SimOrder(id, orderNumber, email, currency, "paid", sourceName, createdAt, at, cancelledAt,
                cancelReason, token, lines, customer);
    }

    /** Cancelling keeps the financial status (the simulator does not refund); cancelled_at marks it. */
    public SimOrder cancelled(Instant at, String reason) {
        return new SimOrder(id, orderNumber, email, currency, financialStatus, sourceName, createdAt, at, at,
                reason, token, lines, customer);
    }
}

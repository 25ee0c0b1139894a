package io.possync.connector.woocommerce.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.avro.Customer;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import tools.jackson.databind.JsonNode;

/**
 * Turns a WooCommerce order (the {@code GET /orders/{id}} shape, which is also the webhook payload)
 * into the canonical {@link OrderPlaced}. Webhook and poll use this one method, so the same order
 * version makes the same event (id included). Orders that are not orders yet ({@code checkout-draft},
 * {@code trash}) give nothing; data that can never be read raises {@link PermanentFailure}.
 */
public class WooOrderNormalizer {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Optional<OrderPlaced> normalize(JsonNode order, WooSource source) {
        String orderId = WooJson.id(order, "id");
        if (orderId == null) {
            throw new PermanentFailure("order payload has no id");
        }
        String status = WooJson.text(order, "status");
        if (status == null) {
            throw new PermanentFailure("order " + orderId + " has no status");
        }
        if (WooOrderStatus.IGNORED.contains(status)) {
            return Optional.empty();
        }
        String modified = WooJson.text(order, "date_modified_gmt");
        if (modified == null) {
            modified = WooJson.text(order, "date_created_gmt");
        }
        Instant updatedAt = WooDates.parseGmt(modified, "order " + orderId + " date_modified_gmt");
        String currency = WooJson.text(order, "currency");
        int digits = WooMoney.fractionDigits(currency);
        String number = WooJson.text(order, "number");
        return Optional.of(OrderPlaced.newBuilder()
                .setHeader(header(source, WooEventIds.order(source.connectionId(), orderId, modified), updatedAt))
                .setOrderId(orderId)
                .setOrderNumber(number == null ? orderId : number)
                .setState(WooOrderStatus.state(status))
                .setSourceStatus(status)
                // created_via says checkout, admin, rest-api or store-api; the reference names no POS value,
                // so every WooCommerce order is a web order
                .setChannel(SalesChannel.WEB)
                .setCurrency(currency)
                .setTotalMinor(WooMoney.toMinor(WooJson.text(order, "total"), digits, "order " + orderId + " total"))
                .setLines(lines(order, orderId, digits))
                .setCustomer(customer(order))
                .setUpdatedAt(updatedAt)
                .build());
    }

    private static EventHeader header(WooSource source, String eventId, Instant updatedAt) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setTenantId(source.tenantId())
                .setConnectionId(source.connectionId())
                .setSourceSystem(SystemKind.WOOCOMMERCE)
                .setOccurredAt(updatedAt)
                // the order version starts the chain whichever way it arrived, so webhook and poll agree
                .setCorrelationId(eventId)
                .setCausationId(source.causationId())
                .build();
    }

    private static List<OrderLine> lines(JsonNode order, String orderId, int digits) {
        JsonNode items = order.path("line_items");
        Map<String, BigDecimal> ratePercents = ratePercents(order.path("tax_lines"));
        List<OrderLine> lines = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            String lineId = WooJson.id(item, "id");
            JsonNode quantity = item.get("quantity");
            if (lineId == null || quantity == null || !quantity.isIntegralNumber()) {
                throw new PermanentFailure("order " + orderId + " has a line item without id or quantity");
            }
            lines.add(OrderLine.newBuilder()
                    .setLineId(lineId)
                    .setSku(WooJson.text(item, "sku"))
                    .setProductId(WooJson.id(item, "product_id"))
                    .setVariantId(WooJson.id(item, "variation_id"))
                    .setName(WooJson.text(item, "name"))
                    .setQuantity(quantity.intValue())
                    .setUnitPriceMinor(unitPrice(item, quantity.intValue(), digits, orderId + "/" + lineId))
                    .setVatRateBasisPoints(vatRate(item, ratePercents))
                    .build());
        }
        return lines;
    }

    /**
     * Unit price excluding tax. The exact strings come first: {@code subtotal} (before coupons) or
     * {@code total} divided by the quantity when that is a whole number of minor units. Only when
     * neither divides evenly is the numeric {@code price} (total / quantity as a PHP float) rounded.
     */
    static long unitPrice(JsonNode item, int quantity, int digits, String line) {
        Long exact = WooMoney.exactUnit(WooJson.text(item, "subtotal"), quantity, digits);
        if (exact == null) {
            exact = WooMoney.exactUnit(WooJson.text(item, "total"), quantity, digits);
        }
        if (exact != null) {
            return exact;
        }
        BigDecimal price = WooJson.decimal(item, "price");
        if (price == null) {
            throw new PermanentFailure("line " + line + " has no usable subtotal, total or price");
        }
        return WooMoney.roundedMinor(price, digits);
    }

    /** Sum of the rates of the taxes charged on the line ({@code taxes[].id} → {@code tax_lines[].rate_id}). */
    private static Integer vatRate(JsonNode item, Map<String, BigDecimal> ratePercents) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean any = false;
        for (JsonNode tax : item.path("taxes")) {
            BigDecimal charged = WooJson.decimal(tax, "total");
            BigDecimal percent = ratePercents.get(WooJson.text(tax, "id"));
            if (percent != null && charged != null && charged.signum() != 0) {
                sum = sum.add(percent);
                any = true;
            }
        }
        return any ? sum.multiply(HUNDRED).setScale(0, java.math.RoundingMode.HALF_UP).intValueExact() : null;
    }

    private static Map<String, BigDecimal> ratePercents(JsonNode taxLines) {
        Map<String, BigDecimal> rates = new HashMap<>();
        for (JsonNode line : taxLines) {
            String rateId = WooJson.text(line, "rate_id");
            BigDecimal percent = WooJson.decimal(line, "rate_percent");
            if (rateId != null && percent != null) {
                rates.put(rateId, percent);
            }
        }
        return rates;
    }

    private static Customer customer(JsonNode order) {
        JsonNode billing = order.path("billing");
        String customerId = WooJson.id(order, "customer_id");
        String email = WooJson.text(billing, "email");
        String first = WooJson.text(billing, "first_name");
        String last = WooJson.text(billing, "last_name");
        if (customerId == null && email == null && first == null && last == null) {
            return null;
        }
        return Customer.newBuilder().setCustomerId(customerId).setEmail(email).setFirstName(first).setLastName(last)
                .build();
    }
}

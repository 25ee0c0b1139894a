package io.possync.connector.shopify.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.shopify.client.ShopifyCustomer;
import io.possync.connector.shopify.client.ShopifyLineItem;
import io.possync.connector.shopify.client.ShopifyOrderPayload;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.connector.shopify.client.ShopifyTaxLine;
import io.possync.schemas.avro.Customer;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import tools.jackson.core.JacksonException;

/**
 * Turns a Shopify {@code orders/*} webhook delivery into the canonical {@link OrderPlaced}. Every
 * order topic carries the whole order, so each delivery yields the full current state; the engine
 * orders them by {@code updatedAt}. Data that can never be read raises {@link PermanentFailure}.
 */
public class ShopifyOrderNormalizer {

    /** The webhook topics whose body is a whole order. */
    public static final Set<String> ORDER_TOPICS =
            Set.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled");

    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    private final ShopifyPayloadReader reader;

    public ShopifyOrderNormalizer(ShopifyPayloadReader reader) {
        this.reader = reader;
    }

    public OrderPlaced normalize(WebhookEnvelope envelope) {
        ShopifyOrderPayload order = parse(bytes(envelope.getBody()));
        if (order.id() == null) {
            throw new PermanentFailure("order payload has no id");
        }
        String orderId = Long.toString(order.id());
        boolean cancelled = order.cancelledAt() != null && !order.cancelledAt().isBlank();
        int digits = ShopifyMoney.fractionDigits(order.currency());
        Instant updatedAt = updatedAt(order);
        return OrderPlaced.newBuilder()
                .setHeader(header(envelope.getHeader(), updatedAt))
                .setOrderId(orderId)
                .setOrderNumber(order.name() == null ? orderId : order.name())
                .setState(ShopifyOrderStatus.state(order.financialStatus(), cancelled))
                .setSourceStatus(ShopifyOrderStatus.sourceStatus(order.financialStatus(), cancelled))
                .setChannel(ShopifyOrderStatus.channel(order.sourceName()))
                .setCurrency(order.currency())
                .setTotalMinor(ShopifyMoney.toMinor(order.totalPrice(), digits, "total_price"))
                .setLines(lines(order.lineItems(), digits))
                .setCustomer(customer(order.customer()))
                .setUpdatedAt(updatedAt)
                .build();
    }

    private static byte[] bytes(ByteBuffer body) {
        ByteBuffer view = body.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    private ShopifyOrderPayload parse(byte[] body) {
        try {
            ShopifyOrderPayload order = reader.readOrder(body);
            if (order == null) {
                throw new PermanentFailure("order payload is empty");
            }
            return order;
        } catch (JacksonException e) {
            throw new PermanentFailure("order payload is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static EventHeader header(EventHeader delivery, Instant updatedAt) {
        String deliveryEventId = delivery.getEventId();
        return EventHeader.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((deliveryEventId + ":order").getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setTenantId(delivery.getTenantId())
                .setConnectionId(delivery.getConnectionId())
                .setSourceSystem(SystemKind.SHOPIFY)
                .setOccurredAt(updatedAt)
                .setCorrelationId(delivery.getCorrelationId())
                .setCausationId(deliveryEventId)
                .build();
    }

    /** {@code updated_at} orders the deliveries (newer wins); a creation time is the best fallback. */
    private static Instant updatedAt(ShopifyOrderPayload order) {
        String stamp = order.updatedAt() != null ? order.updatedAt() : order.createdAt();
        if (stamp == null) {
            throw new PermanentFailure("order " + order.id() + " has neither updated_at nor created_at");
        }
        try {
            // webhook dates carry the shop's UTC offset ("2026-03-01T10:15:00+01:00")
            return OffsetDateTime.parse(stamp).toInstant();
        } catch (DateTimeParseException e) {
            throw new PermanentFailure("order " + order.id() + " has an unreadable updated_at '" + stamp + "'", e);
        }
    }

    private static List<OrderLine> lines(List<ShopifyLineItem> items, int digits) {
        if (items == null) {
            return List.of();
        }
        List<OrderLine> lines = new ArrayList<>(items.size());
        for (ShopifyLineItem item : items) {
            if (item.id() == null || item.quantity() == null) {
                throw new PermanentFailure("a line item has no id or no quantity");
            }
            lines.add(OrderLine.newBuilder()
                    .setLineId(Long.toString(item.id()))
                    .setSku(item.sku() == null || item.sku().isBlank() ? null : item.sku())
                    .setProductId(idOrNull(item.productId()))
                    .setVariantId(idOrNull(item.variantId()))
                    .setName(item.name())
                    .setQuantity(item.quantity())
                    .setUnitPriceMinor(ShopifyMoney.toMinor(item.price(), digits, "line item " + item.id() + " price"))
                    .setVatRateBasisPoints(vatRate(item.taxLines()))
                    .build());
        }
        return lines;
    }

    /**
     * Several tax lines (e.g. a state and a county tax) add up to the line's rate. Rates are fractions,
     * not money, so a rate finer than a basis point is rounded half-up.
     */
    private static Integer vatRate(List<ShopifyTaxLine> taxLines) {
        if (taxLines == null || taxLines.isEmpty()) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        boolean any = false;
        for (ShopifyTaxLine taxLine : taxLines) {
            if (taxLine.rate() != null) {
                sum = sum.add(taxLine.rate());
                any = true;
            }
        }
        return any ? sum.multiply(BASIS_POINTS).setScale(0, RoundingMode.HALF_UP).intValueExact() : null;
    }

    private static Customer customer(ShopifyCustomer customer) {
        if (customer == null) {
            return null;
        }
        return Customer.newBuilder()
                .setCustomerId(idOrNull(customer.id()))
                .setEmail(customer.email())
                .setFirstName(customer.firstName())
                .setLastName(customer.lastName())
                .build();
    }

    private static String idOrNull(Long id) {
        return id == null ? null : Long.toString(id);
    }
}

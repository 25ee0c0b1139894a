package io.possync.engine;

import java.time.Instant;
import java.util.List;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;

/** Builds order events the way a webshop connector publishes them. */
public final class TestOrders {

    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private TestOrders() {
    }

    public static OrderLine line(String lineId, String sku, int quantity) {
        return OrderLine.newBuilder().setLineId(lineId).setSku(sku).setQuantity(quantity).setUnitPriceMinor(1000)
                .setName("item " + lineId).build();
    }

    /** The order event of {@code orderId} in {@code state}, at version {@code minute} (updatedAt = T0 + minutes). */
    public static OrderPlaced order(String tenantId, String connectionId, String orderId, OrderState state, int minute,
                                    SalesChannel channel, List<OrderLine> lines) {
        Instant updatedAt = T0.plusSeconds(60L * minute);
        String eventId = connectionId + ":" + orderId + ":" + state + ":" + minute + ":" + channel;
        EventHeader header = EventHeader.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenantId)
                .setConnectionId(connectionId)
                .setSourceSystem(SystemKind.SHOPIFY)
                .setOccurredAt(updatedAt)
                .setCorrelationId("corr-" + orderId)
                .build();
        return OrderPlaced.newBuilder()
                .setHeader(header)
                .setOrderId(orderId)
                .setOrderNumber("#" + orderId)
                .setState(state)
                .setSourceStatus(state.name().toLowerCase())
                .setChannel(channel)
                .setCurrency("SEK")
                .setTotalMinor(lines.stream().mapToLong(l -> l.getQuantity() * l.getUnitPriceMinor()).sum())
                .setLines(lines)
                .setUpdatedAt(updatedAt)
                .build();
    }
}

package io.possync.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowTemplate;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

/** Builds stock events and command results the way the connectors publish them. */
public final class TestStock {

    public static final Instant T0 = TestOrders.T0;

    private TestStock() {
    }

    /** A flow of {@code template} over webshops shop-a (Shopify) and shop-b (WooCommerce) and POS pos-1. */
    public static FlowConfig flow(String tenantId, String flowId, FlowTemplate template, int safetyBuffer,
                                  String stockMaster, String shopA, String shopB, String pos) {
        return new FlowConfig(tenantId, flowId, template, List.of(shopA, shopB),
                Map.of(shopA, SystemKind.SHOPIFY, shopB, SystemKind.WOOCOMMERCE), pos, SystemKind.ZETTLE,
                OrderState.PAID, true, safetyBuffer, FlowConfig.DEFAULT_RECONCILE_INTERVAL, stockMaster);
    }

    /**
     * The level {@code level} of {@code sku} observed in {@code connectionId} at T0 + {@code second}s;
     * the event id derives from the change as the connectors derive it.
     */
    public static StockChanged stock(String tenantId, String connectionId, SystemKind system, String sku, long level,
                                     int second, String sourceVersion) {
        Instant changedAt = T0.plusSeconds(second);
        String change = sourceVersion != null ? sourceVersion : changedAt.toEpochMilli() + "@" + level;
        EventHeader header = EventHeader.newBuilder()
                .setEventId(connectionId + ":" + sku + ":" + change)
                .setTenantId(tenantId)
                .setConnectionId(connectionId)
                .setSourceSystem(system)
                .setOccurredAt(changedAt)
                .setCorrelationId("corr-" + connectionId + "-" + change)
                .build();
        return StockChanged.newBuilder()
                .setHeader(header)
                .setSku(sku)
                .setLevel(level)
                .setSourceVersion(sourceVersion)
                .setChangedAt(changedAt)
                .build();
    }

    /** A connector's result of {@code commandId}, applied at T0 + {@code second}s. */
    public static CommandResult result(String tenantId, String target, SystemKind system, String commandId,
                                       CommandStatus status, int second, Map<String, String> details) {
        return CommandResult.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("result-" + commandId + "-" + status)
                        .setTenantId(tenantId).setConnectionId(target).setSourceSystem(system)
                        .setOccurredAt(T0.plusSeconds(second)).setCorrelationId("corr-result")
                        .setCausationId(commandId).build())
                .setCommandId(commandId)
                .setTargetConnectionId(target)
                .setStatus(status)
                .setAttempts(1)
                .setDetails(details)
                .build();
    }
}

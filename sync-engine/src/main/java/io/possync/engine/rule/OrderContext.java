package io.possync.engine.rule;

import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChangeReason;

/** Builds the commands, ledger lines and sync-log entries of one order event in one flow (null for none). */
record OrderContext(OrderPlaced order, FlowConfig flow) {

    LineLedger newLine(OrderLine line, LineStatus status) {
        String key = DeterministicIds.lineKey(order.getHeader().getTenantId(), flow.flowId(), order.getOrderId(),
                line.getLineId());
        String transferCommandId = status == LineStatus.TRANSFERRED || status == LineStatus.HELD
                ? DeterministicIds.transferCommandId(key) : null;
        return new LineLedger(key, order.getHeader().getTenantId(), flow.flowId(), order.getOrderId(),
                line.getLineId(), line.getSku(), line.getQuantity(), status, order.getUpdatedAt(), transferCommandId,
                null);
    }

    /**
     * Every field derives from the event, so a redelivery after a crash emits the identical command
     * and the connector recognises it by its command id.
     */
    ConnectorCommand adjustStock(String commandId, String sku, int delta, boolean giveBack, String lineId) {
        return posMovement(flow, order.getHeader(), order.getOrderId(), commandId, sku, delta, giveBack, lineId);
    }

    /** An order line's movement in the POS, decided on the order event {@code source}. */
    static ConnectorCommand posMovement(FlowConfig flow, EventHeader source, String orderId, String commandId,
                                        String sku, int delta, boolean giveBack, String lineId) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(commandId)
                .setTenantId(source.getTenantId())
                .setConnectionId(flow.posConnectionId())
                .setSourceSystem(source.getSourceSystem())
                .setOccurredAt(source.getOccurredAt())
                .setCorrelationId(source.getCorrelationId())
                .setCausationId(source.getEventId())
                .build();
        AdjustStock action = AdjustStock.newBuilder()
                .setSku(sku)
                .setDelta(delta)
                .setReason(giveBack ? StockChangeReason.ORDER_RETURN : StockChangeReason.ORDER_TRANSFER)
                .setOrderId(orderId)
                .setOrderLineId(lineId)
                .build();
        return ConnectorCommand.newBuilder()
                .setHeader(header)
                .setCommandId(commandId)
                .setTargetConnectionId(flow.posConnectionId())
                .setTargetSystem(flow.posSystem())
                .setAction(action)
                .build();
    }

    SyncLogEntry orderEntry(DecisionKind decision, String reason) {
        return entry(decision, null, null, null, null, reason);
    }

    SyncLogEntry lineEntry(OrderLine line, DecisionKind decision, String reason) {
        return entry(decision, line.getSku(), line.getLineId(), null, null, reason);
    }

    SyncLogEntry ledgerEntry(LineLedger line, DecisionKind decision, String reason) {
        return entry(decision, line.sku(), line.lineId(), null, null, reason);
    }

    /** The entry of a line whose transfer {@code transfer} is held back instead of sent. */
    SyncLogEntry heldEntry(SyncLogEntry transfer, String reason) {
        return entry(DecisionKind.TRANSFER_HELD, transfer.subject().sku(), transfer.subject().lineId(), null, null,
                reason);
    }

    SyncLogEntry commandEntry(DecisionKind decision, String sku, String lineId, String commandId, String ledgerKey,
                              String reason) {
        return entry(decision, sku, lineId, commandId, ledgerKey, reason);
    }

    private SyncLogEntry entry(DecisionKind decision, String sku, String lineId, String commandId, String ledgerKey,
                               String reason) {
        return entry(flow, order.getHeader(), order.getOrderId(), decision, sku, lineId, commandId, ledgerKey, reason);
    }

    /** The entry of a decision on a line of {@code orderId}, decided on the order event {@code source}. */
    static SyncLogEntry entry(FlowConfig flow, EventHeader source, String orderId, DecisionKind decision, String sku,
                              String lineId, String commandId, String ledgerKey, String reason) {
        String flowId = flow == null ? null : flow.flowId();
        String id = commandId != null ? commandId
                : DeterministicIds.logEntryId(source.getEventId(), flowId, lineId, decision);
        return new SyncLogEntry(id, source.getTenantId(), flowId, source.getCorrelationId(), source.getEventId(),
                source.getConnectionId(), new SyncLogEntry.Subject(orderId, sku, lineId), decision,
                commandId, commandId == null ? null : flow.posConnectionId(), decision.initialOutcome(), reason,
                ledgerKey, null);
    }
}

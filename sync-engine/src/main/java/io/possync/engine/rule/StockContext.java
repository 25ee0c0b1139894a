package io.possync.engine.rule;

import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

/**
 * Builds the commands and sync-log entries of one event's decision about one SKU in one flow.
 *
 * @param source  header of the event that triggered the decision (stock change, order, command result)
 * @param orderId the order behind the decision, if any
 */
record StockContext(EventHeader source, String orderId, FlowConfig flow, String sku) {

    String stockKey() {
        return DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), sku);
    }

    /** Every field derives from the event and the ledger version, so a redelivery repeats the identical command. */
    ConnectorCommand setStockLevel(StockLedger decidedOn, String target, long level, Long expectedCurrent,
                                   StockChangeReason reason) {
        String commandId = DeterministicIds.setStockLevelCommandId(decidedOn.key(), target, source.getEventId(),
                decidedOn.version());
        SetStockLevel action = SetStockLevel.newBuilder()
                .setSku(sku)
                .setLevel(level)
                .setExpectedCurrent(expectedCurrent)
                .setReason(reason)
                .build();
        return command(commandId, target, flow.webshopSystems().get(target), action);
    }

    ConnectorCommand adjustPos(String commandId, int delta) {
        return adjust(flow.posConnectionId(), flow.posSystem(), commandId, delta);
    }

    /** 1c: a relative change of the stock master; null when the flow does not record the master's system. */
    ConnectorCommand adjustMaster(String commandId, int delta) {
        SystemKind system = flow.webshopSystems().get(flow.stockMasterConnectionId());
        return system == null ? null : adjust(flow.stockMasterConnectionId(), system, commandId, delta);
    }

    private ConnectorCommand adjust(String target, SystemKind system, String commandId, int delta) {
        AdjustStock action = AdjustStock.newBuilder()
                .setSku(sku)
                .setDelta(delta)
                .setReason(StockChangeReason.MASTER_SYNC)
                .build();
        return command(commandId, target, system, action);
    }

    private ConnectorCommand command(String commandId, String target, SystemKind system, Object action) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(commandId)
                .setTenantId(flow.tenantId())
                .setConnectionId(target)
                .setSourceSystem(source.getSourceSystem())
                .setOccurredAt(source.getOccurredAt())
                .setCorrelationId(source.getCorrelationId())
                .setCausationId(source.getEventId())
                .build();
        return ConnectorCommand.newBuilder()
                .setHeader(header)
                .setCommandId(commandId)
                .setTargetConnectionId(target)
                .setTargetSystem(system)
                .setAction(action)
                .build();
    }

    SyncLogEntry commandEntry(DecisionKind decision, ConnectorCommand command, String reason) {
        return new SyncLogEntry(command.getCommandId(), flow.tenantId(), flow.flowId(), source.getCorrelationId(),
                source.getEventId(), source.getConnectionId(), subject(), decision, command.getCommandId(),
                command.getTargetConnectionId(), decision.initialOutcome(), reason, null, stockKey());
    }

    /** @param target the webshop a skip is about, or null for a decision about the SKU as a whole */
    SyncLogEntry skip(DecisionKind decision, String target, String reason) {
        String id = DeterministicIds.logEntryId(source.getEventId(), flow.flowId(), sku + "|" + target, decision);
        return new SyncLogEntry(id, flow.tenantId(), flow.flowId(), source.getCorrelationId(), source.getEventId(),
                source.getConnectionId(), subject(), decision, null, target, decision.initialOutcome(), reason, null,
                null);
    }

    private SyncLogEntry.Subject subject() {
        return new SyncLogEntry.Subject(orderId, sku, null);
    }
}

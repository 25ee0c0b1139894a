package io.possync.engine.rule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SystemKind;

/**
 * Why an order line's transfer to the POS is held back, and what releases it. A webshop may still be
 * about to receive a level decided before the order was known (waiting in its connector's coalescing
 * window, in flight, or retried after a stale compare); if the transfer landed first, that webshop would
 * show more than the POS then holds. The connectors apply one connection's commands in order, so the
 * result of a command sent after that level proves the level has landed or was superseded.
 *
 * @param awaiting     by webshop connection: the level command whose result releases the hold for it
 * @param orderEventId the order event that decided the transfer; with the fields after it, the released
 *                     command and its sync-log entry are the ones the order would have emitted at once
 */
public record TransferHold(Map<String, String> awaiting, String orderEventId, String sourceConnectionId,
                           SystemKind sourceSystem, Instant occurredAt, String correlationId) {

    public TransferHold {
        awaiting = Map.copyOf(awaiting);
    }

    static TransferHold of(Map<String, String> awaiting, EventHeader order) {
        return new TransferHold(awaiting, order.getEventId(), order.getConnectionId(), order.getSourceSystem(),
                order.getOccurredAt(), order.getCorrelationId());
    }

    boolean awaits(String connectionId, String commandId) {
        return commandId.equals(awaiting.get(connectionId));
    }

    TransferHold without(String connectionId) {
        Map<String, String> rest = new LinkedHashMap<>(awaiting);
        rest.remove(connectionId);
        return new TransferHold(rest, orderEventId, sourceConnectionId, sourceSystem, occurredAt, correlationId);
    }

    /** The header of the order event, as far as the released command and its log entry use it. */
    EventHeader orderHeader(String tenantId) {
        return EventHeader.newBuilder()
                .setEventId(orderEventId)
                .setTenantId(tenantId)
                .setConnectionId(sourceConnectionId)
                .setSourceSystem(sourceSystem)
                .setOccurredAt(occurredAt)
                .setCorrelationId(correlationId)
                .build();
    }
}

package io.possync.engine.rule;

import java.time.Instant;

/**
 * The ledger entry of one order line in one flow: what the platform has done with it so far.
 *
 * @param key               tenant|flowId|orderId|lineId, see {@link DeterministicIds#lineKey}
 * @param quantity          the quantity that was transferred (a return gives back exactly this)
 * @param orderUpdatedAt    the order's updatedAt of the newest event applied to this line
 * @param transferCommandId id of the transfer command, when transferred
 * @param returnCommandId   id of the return command, when returned
 */
public record LineLedger(String key, String tenantId, String flowId, String orderId, String lineId, String sku,
                         int quantity, LineStatus status, Instant orderUpdatedAt, String transferCommandId,
                         String returnCommandId) {

    LineLedger withStatus(LineStatus newStatus, Instant updatedAt) {
        return new LineLedger(key, tenantId, flowId, orderId, lineId, sku, quantity, newStatus, updatedAt,
                transferCommandId, returnCommandId);
    }

    LineLedger returned(String commandId, Instant updatedAt) {
        return new LineLedger(key, tenantId, flowId, orderId, lineId, sku, quantity, LineStatus.RETURNED, updatedAt,
                transferCommandId, commandId);
    }
}

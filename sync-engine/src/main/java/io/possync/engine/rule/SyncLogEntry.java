package io.possync.engine.rule;

/**
 * One decision for the sync log. Ids are deterministic, so a redelivered event rewrites the same
 * entries instead of adding new ones.
 *
 * @param id        the command id for decisions that emit a command, else derived from the event and decision
 * @param subject   what the decision is about
 * @param ledgerKey the ledger line a command belongs to, so its result can be recorded there; null otherwise
 * @param stockLedgerKey the stock-ledger document a command concerns (a transfer's reservation, a webshop's
 *                       level), so its result can be recorded there; null otherwise
 */
public record SyncLogEntry(String id, String tenantId, String flowId, String correlationId, String sourceEventId,
                           String sourceConnectionId, Subject subject, DecisionKind decision, String commandId,
                           String targetConnectionId, Outcome outcome, String reason, String ledgerKey,
                           String stockLedgerKey) {

    SyncLogEntry withStockLedgerKey(String key) {
        return new SyncLogEntry(id, tenantId, flowId, correlationId, sourceEventId, sourceConnectionId, subject,
                decision, commandId, targetConnectionId, outcome, reason, ledgerKey, key);
    }

    /** @param lineId null for decisions about a whole order */
    public record Subject(String orderId, String sku, String lineId) {
    }
}

package io.possync.engine.synclog;

import io.possync.engine.rule.Outcome;

/**
 * A sync-log search within one tenant, newest first. Null filters match everything.
 *
 * @param subject matches an entry's order id or SKU
 */
public record SyncLogQuery(String tenantId, String correlationId, String subject, Outcome outcome, int limit) {
}

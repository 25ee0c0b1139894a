package io.possync.engine.rule;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what they identify, so that a redelivered event produces the identical command
 * (which the connector then recognises) and the identical sync-log entry. They are name-based
 * (version 3) UUIDs: the Zettle connector looks up an echoed movement identifier only when it is one.
 */
public final class DeterministicIds {

    private DeterministicIds() {
    }

    public static String lineKey(String tenantId, String flowId, String orderId, String lineId) {
        return String.join("|", tenantId, flowId, orderId, lineId);
    }

    public static String transferCommandId(String lineKey) {
        return uuid(lineKey + ":transfer");
    }

    public static String returnCommandId(String lineKey) {
        return uuid(lineKey + ":return");
    }

    /** Id of the stock-ledger document of one SKU in one flow. */
    public static String stockKey(String tenantId, String flowId, String sku) {
        return String.join("|", tenantId, flowId, sku);
    }

    /**
     * Id of a level sent to one webshop because of one event, decided on one version of the stock
     * ledger: a redelivery decided on the same state repeats the id (the connector drops the repeat),
     * a decision on newer state gets a new one (so the connector does not drop a corrected level).
     */
    public static String setStockLevelCommandId(String stockKey, String targetConnectionId, String triggerEventId,
                                                long ledgerVersion) {
        return uuid(String.join("|", "level", stockKey, targetConnectionId, triggerEventId, "v" + ledgerVersion));
    }

    /** Id of the POS movement of one change of the stock master (1c): one change moves the POS once. */
    public static String masterSyncCommandId(String connectionId, String sku, String changeVersion) {
        return uuid(String.join("|", "master-sync", connectionId, sku, changeVersion));
    }

    /** Id of the stock master's adjustment for one POS change not made by us (1c): one change adjusts it once. */
    public static String posSyncCommandId(String posConnectionId, String sku, String changeVersion) {
        return uuid(String.join("|", "pos-sync", posConnectionId, sku, changeVersion));
    }

    /** Id of a sync-log entry that carries no command: one per event, flow, line and decision. */
    public static String logEntryId(String sourceEventId, String flowId, String lineId, DecisionKind decision) {
        return uuid(String.join("|", "log", sourceEventId, String.valueOf(flowId), String.valueOf(lineId),
                decision.name()));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

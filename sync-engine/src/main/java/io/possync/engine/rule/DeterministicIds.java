package io.possync.engine.rule;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what they identify, so that a redelivered event produces the identical command
 * (which the connector then recognises) and the identical sync-log entry.
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

    /** Id of a sync-log entry that carries no command: one per event, flow, line and decision. */
    public static String logEntryId(String sourceEventId, String flowId, String lineId, DecisionKind decision) {
        return uuid(String.join("|", "log", sourceEventId, String.valueOf(flowId), String.valueOf(lineId),
                decision.name()));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

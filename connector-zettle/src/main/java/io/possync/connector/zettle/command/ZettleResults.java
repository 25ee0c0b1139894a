package io.possync.connector.zettle.command;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.possync.common.command.CommandOutcome;

/** The details an APPLIED result carries (also kept on the command's record in {@code applied_commands}). */
final class ZettleResults {

    private ZettleResults() {
    }

    static Map<String, String> details(PlannedMove move, String request, int movementCount) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", move.adjustment().getSku());
        details.put("movements", String.valueOf(movementCount));
        details.put("units", String.valueOf(move.movement().change()));
        details.put("direction", move.adjustment().getDelta() < 0 ? "STORE->SOLD" : "SOLD->STORE");
        details.put("productUuid", move.movement().productUuid());
        details.put("variantUuid", move.movement().variantUuid());
        details.put("request", request);
        return details;
    }

    static CommandOutcome applied(PlannedMove move, String request, int movementCount, int attempts,
                                  Instant sentAt) {
        return CommandOutcome.applied(attempts, details(move, request, movementCount), sentAt);
    }
}

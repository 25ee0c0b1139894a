package io.possync.connector.shopify.stock;

import java.util.Map;

import io.possync.schemas.avro.CommandStatus;

/** How one command ended: the content of its CommandResult. */
public record CommandOutcome(CommandStatus status, String reason, int attempts, Map<String, String> details) {

    public CommandOutcome {
        details = Map.copyOf(details);
    }

    public static CommandOutcome applied(int attempts, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.APPLIED, null, attempts, details);
    }

    public static CommandOutcome alreadyApplied(String reason, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, reason, 0, details);
    }

    public static CommandOutcome parked(String reason, int attempts, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.PARKED, reason, attempts, details);
    }

    public boolean parked() {
        return status == CommandStatus.PARKED;
    }
}

package io.possync.connector.woocommerce.command;

import java.util.Map;

import io.possync.schemas.avro.CommandStatus;

/** How one command ended, before it is published as a CommandResult. */
public record CommandOutcome(CommandStatus status, String reason, int attempts, Map<String, String> details) {

    public CommandOutcome {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static CommandOutcome applied(int attempts, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.APPLIED, null, attempts, details);
    }

    public static CommandOutcome alreadyApplied() {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, null, 0, Map.of());
    }

    public static CommandOutcome parked(String reason, int attempts) {
        return new CommandOutcome(CommandStatus.PARKED, reason, attempts, Map.of());
    }

    public static CommandOutcome parked(String reason, int attempts, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.PARKED, reason, attempts, details);
    }

    public boolean parked() {
        return status == CommandStatus.PARKED;
    }
}

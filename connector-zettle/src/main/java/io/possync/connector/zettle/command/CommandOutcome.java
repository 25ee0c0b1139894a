package io.possync.connector.zettle.command;

import java.time.Instant;
import java.util.Map;

import io.possync.schemas.avro.CommandStatus;

/**
 * How one command ended, before it is published as a CommandResult.
 *
 * @param inEffectSince for an applied command, when its request left for Zettle: the change took effect
 *                      at Zettle no earlier than this, so a POS level Zettle reports as changed at or
 *                      after it includes the change; null when unknown
 */
public record CommandOutcome(CommandStatus status, String reason, int attempts, Map<String, String> details,
                             Instant inEffectSince) {

    public CommandOutcome {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static CommandOutcome applied(int attempts, Map<String, String> details, Instant inEffectSince) {
        return new CommandOutcome(CommandStatus.APPLIED, null, attempts, details, inEffectSince);
    }

    public static CommandOutcome alreadyApplied() {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, null, 0, Map.of(), null);
    }

    public static CommandOutcome parked(String reason, int attempts) {
        return new CommandOutcome(CommandStatus.PARKED, reason, attempts, Map.of(), null);
    }

    public boolean parked() {
        return status == CommandStatus.PARKED;
    }
}

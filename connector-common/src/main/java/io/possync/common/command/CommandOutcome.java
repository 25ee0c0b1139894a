package io.possync.common.command;

import java.time.Instant;
import java.util.Map;

import io.possync.schemas.avro.CommandStatus;

/**
 * How one command ended, before it is published as a CommandResult.
 *
 * @param inEffectSince for an applied command, the earliest time its change can have taken effect at the
 *                      vendor (when its request left); null when unknown, and the result then carries
 *                      its publish time
 */
public record CommandOutcome(CommandStatus status, String reason, int attempts, Map<String, String> details,
                             Instant inEffectSince) {

    public CommandOutcome {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static CommandOutcome applied(int attempts, Map<String, String> details) {
        return applied(attempts, details, null);
    }

    public static CommandOutcome applied(int attempts, Map<String, String> details, Instant inEffectSince) {
        return new CommandOutcome(CommandStatus.APPLIED, null, attempts, details, inEffectSince);
    }

    public static CommandOutcome alreadyApplied() {
        return alreadyApplied(null, Map.of());
    }

    public static CommandOutcome alreadyApplied(String reason, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, reason, 0, details, null);
    }

    public static CommandOutcome parked(String reason, int attempts) {
        return parked(reason, attempts, Map.of());
    }

    public static CommandOutcome parked(String reason, int attempts, Map<String, String> details) {
        return new CommandOutcome(CommandStatus.PARKED, reason, attempts, details, null);
    }

    public boolean parked() {
        return status == CommandStatus.PARKED;
    }
}

package io.possync.connector.zettle.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.BatchCommandDispatcher.GroupOutcome;
import io.possync.common.command.CommandOutcome;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.client.ZettleSessions;
import io.possync.connector.zettle.command.MongoAppliedCommands.Entry;
import io.possync.connector.zettle.command.MongoZettleRequests.State;
import io.possync.connector.zettle.command.MongoZettleRequests.StoredRequest;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Applies one connection's commands of a poll, in order, with as few movement requests as possible:
 * already applied commands are answered at once, requests a crash left unconfirmed are re-sent
 * unchanged, the rest are resolved one by one and sent in requests of at most
 * {@code maxMovementsPerRequest}. Transient trouble stops the group: the commands without an outcome
 * are delivered again, except on the last delivery of the first of them, which is parked instead.
 */
public class ZettleBatchHandler {

    private static final Logger log = LoggerFactory.getLogger(ZettleBatchHandler.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);


    /** Work in the order of its first command: a stored request to re-send, or new moves to send. */
    private record Unit(int position, List<PlannedMove> moves, StoredRequest stored) {
    }

    private final MongoConnectionStore connections;
    private final ZettleSessions sessions;
    private final ZettleCommandResolver resolver;
    private final ZettleRequestSender sender;
    private final MongoAppliedCommands applied;
    private final MongoZettleRequests requests;
    private final int maxMovementsPerRequest;
    private final int listenerRetries;

    public ZettleBatchHandler(MongoConnectionStore connections, ZettleSessions sessions,
                              ZettleCommandResolver resolver, ZettleRequestSender sender,
                              MongoAppliedCommands applied, MongoZettleRequests requests,
                              int maxMovementsPerRequest, int listenerRetries) {
        this.connections = connections;
        this.sessions = sessions;
        this.resolver = resolver;
        this.sender = sender;
        this.applied = applied;
        this.requests = requests;
        this.maxMovementsPerRequest = maxMovementsPerRequest;
        this.listenerRetries = listenerRetries;
    }

    /**
     * @param commands        distinct commands of one target connection, in delivery order
     * @param deliveryAttempt which delivery of a command's record this is (1 for the first)
     */
    public GroupOutcome handle(String connectionId, List<ConnectorCommand> commands,
                               ToIntFunction<String> deliveryAttempt) {
        Map<String, CommandOutcome> outcomes = new LinkedHashMap<>();
        Map<String, Integer> position = new HashMap<>();
        commands.forEach(c -> position.put(c.getCommandId(), position.size()));
        Map<String, Entry> known = applied.find(position.keySet());
        List<ConnectorCommand> fresh = new ArrayList<>();
        Map<String, List<ConnectorCommand>> pending = new LinkedHashMap<>();
        for (ConnectorCommand command : commands) {
            Entry entry = known.get(command.getCommandId());
            CommandOutcome refusal = ZettleCommandResolver.refusal(command);
            if (entry != null && entry.applied()) {
                outcomes.put(command.getCommandId(), CommandOutcome.alreadyApplied());
            } else if (refusal != null) {
                outcomes.put(command.getCommandId(), refusal);
            } else if (entry != null) {
                pending.computeIfAbsent(entry.request(), r -> new ArrayList<>()).add(command);
            } else {
                fresh.add(command);
            }
        }
        Map<String, String> previous = new HashMap<>();
        List<Unit> units = new ArrayList<>();
        if (!pending.isEmpty()) {
            recover(pending, known, position, outcomes, fresh, previous, units);
        }
        if (fresh.isEmpty() && units.isEmpty()) {
            return new GroupOutcome(outcomes, null);
        }
        Connection connection = connections.find(connectionId).block(LOOKUP_TIMEOUT);
        if (connection == null) {
            commands.stream().filter(c -> !outcomes.containsKey(c.getCommandId())).forEach(c ->
                    outcomes.put(c.getCommandId(), CommandOutcome.parked("unknown connection " + connectionId, 0)));
            return new GroupOutcome(outcomes, null);
        }
        return send(sessions.open(connection), fresh, previous, units, position, outcomes, deliveryAttempt);
    }

    private GroupOutcome send(ZettleSession session, List<ConnectorCommand> fresh, Map<String, String> previous,
                              List<Unit> units, Map<String, Integer> position, Map<String, CommandOutcome> outcomes,
                              ToIntFunction<String> deliveryAttempt) {
        fresh.sort(Comparator.comparing(c -> position.get(c.getCommandId())));
        List<PlannedMove> planned = new ArrayList<>();
        int cutoff = Integer.MAX_VALUE;
        RuntimeException failure = null;
        for (ConnectorCommand command : fresh) {
            try {
                ZettleCommandResolver.Resolution resolution = resolver.resolve(session, command);
                if (resolution.parked() != null) {
                    outcomes.put(command.getCommandId(), resolution.parked());
                } else {
                    planned.add(resolution.move());
                }
            } catch (RetriesExhaustedException e) {
                int attempt = deliveryAttempt.applyAsInt(command.getCommandId());
                if (attempt > listenerRetries) {
                    outcomes.put(command.getCommandId(), exhausted(attempt, e.getMessage(), e.attempts()));
                    continue;
                }
                cutoff = position.get(command.getCommandId());
                failure = e;
                break;
            }
        }
        for (List<PlannedMove> chunk : ZettleCommandBatcher.chunks(planned, maxMovementsPerRequest)) {
            units.add(new Unit(position.get(chunk.get(0).commandId()), chunk, null));
        }
        int limit = cutoff;
        units.removeIf(unit -> unit.position() > limit);
        units.sort(Comparator.comparingInt(Unit::position));
        for (Unit unit : units) {
            try {
                if (unit.stored() != null) {
                    sender.resend(session, unit.stored(), unit.moves(), outcomes);
                } else {
                    sender.sendNew(session, unit.moves(), previous, outcomes);
                }
            } catch (ZettleRequestInterrupted e) {
                return new GroupOutcome(outcomes, interrupted(e, unit, outcomes, deliveryAttempt));
            }
        }
        return new GroupOutcome(outcomes, failure);
    }

    /**
     * On the last delivery of the first unfinished command, the request under way is parked with all
     * its commands (it may or may not have reached Zettle, so none of them may be sent again by
     * another request). Either way the commands after it are left for the redelivery.
     */
    private RuntimeException interrupted(ZettleRequestInterrupted e, Unit unit, Map<String, CommandOutcome> outcomes,
                                         ToIntFunction<String> deliveryAttempt) {
        PlannedMove first = unit.moves().stream().filter(m -> !outcomes.containsKey(m.commandId())).findFirst()
                .orElse(null);
        int attempt = first == null ? 1 : deliveryAttempt.applyAsInt(first.commandId());
        if (attempt <= listenerRetries) {
            return e;
        }
        requests.mark(e.identifier(), State.PARKED);
        unit.moves().stream().filter(m -> e.commandIds().contains(m.commandId()))
                .forEach(m -> outcomes.put(m.commandId(), exhausted(attempt, e.getMessage(), e.attempts())));
        log.warn("parked Zettle request {} after {} deliveries: {}", e.identifier(), attempt, e.getMessage());
        return e;
    }

    private static CommandOutcome exhausted(int deliveries, String reason, int attempts) {
        return CommandOutcome.parked("Zettle kept failing after " + deliveries + " deliveries: " + reason, attempts);
    }

    /** Sorts the commands whose intent names a request: re-send it, answer from its state, or free them. */
    private void recover(Map<String, List<ConnectorCommand>> pending, Map<String, Entry> known,
                         Map<String, Integer> position, Map<String, CommandOutcome> outcomes,
                         List<ConnectorCommand> fresh, Map<String, String> previous, List<Unit> units) {
        Map<String, StoredRequest> stored = requests.find(pending.keySet());
        pending.forEach((identifier, commands) -> {
            StoredRequest request = stored.get(identifier);
            State state = request == null ? State.ABANDONED : request.state();
            if (state == State.SENDING && !ownsAll(request, known)) {
                // stored, but its intents were never all recorded, so it was never sent
                requests.mark(identifier, State.ABANDONED);
                state = State.ABANDONED;
            }
            List<PlannedMove> moves = request == null ? List.of() : moves(request, commands);
            switch (state) {
                case SENDING -> units.add(new Unit(position.get(commands.get(0).getCommandId()), moves, request));
                case APPLIED -> {
                    applied.markApplied(request.commandIds(), identifier);
                    moves.forEach(m -> outcomes.put(m.commandId(),
                            ZettleResults.applied(m, identifier, request.movements().size(), 0, null)));
                }
                case PARKED -> commands.forEach(c -> outcomes.put(c.getCommandId(), CommandOutcome.parked(
                        "its Zettle request " + identifier + " was parked after repeated failures and may or may"
                                + " not have been applied; check the Zettle balance", 0)));
                case REJECTED, ABANDONED -> commands.forEach(c -> {
                    fresh.add(c);
                    previous.put(c.getCommandId(), identifier);
                });
            }
        });
    }

    private boolean ownsAll(StoredRequest request, Map<String, Entry> known) {
        List<String> unknown = request.commandIds().stream().filter(id -> !known.containsKey(id)).toList();
        Map<String, Entry> entries = new HashMap<>(known);
        if (!unknown.isEmpty()) {
            entries.putAll(applied.find(unknown));
        }
        return request.commandIds().stream().allMatch(id -> entries.containsKey(id)
                && request.identifier().equals(entries.get(id).request()));
    }

    private static List<PlannedMove> moves(StoredRequest request, List<ConnectorCommand> commands) {
        List<PlannedMove> moves = new ArrayList<>();
        for (ConnectorCommand command : commands) {
            int index = request.commandIds().indexOf(command.getCommandId());
            // the variant is whatever was stored; it may be stale, so a refusal earns one fresh look
            moves.add(new PlannedMove(command, (AdjustStock) command.getAction(), request.movements().get(index),
                    true));
        }
        return moves;
    }
}

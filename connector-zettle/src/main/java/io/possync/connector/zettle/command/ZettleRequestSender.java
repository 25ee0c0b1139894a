package io.possync.connector.zettle.command;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.CommandOutcome;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.connector.zettle.client.ZettleMovementRequest;
import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.connector.zettle.client.ZettleRejection;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.command.MongoZettleRequests.State;
import io.possync.connector.zettle.command.MongoZettleRequests.StoredRequest;
import io.possync.connector.zettle.mapping.ZettleCatalog;

/**
 * Sends movement requests crash-safely: the request is stored and its commands' intents recorded
 * before it leaves, and both are marked applied after Zettle's 2xx. Outcomes of finished commands are
 * put into the caller's map as they come, so a later transient failure loses none of them; that
 * failure is thrown as {@link ZettleRequestInterrupted}.
 */
public class ZettleRequestSender {

    private static final Logger log = LoggerFactory.getLogger(ZettleRequestSender.class);

    private final MongoZettleRequests requests;
    private final MongoAppliedCommands applied;
    private final ZettleCatalog catalog;
    private final Clock clock;

    public ZettleRequestSender(MongoZettleRequests requests, MongoAppliedCommands applied, ZettleCatalog catalog,
                               Clock clock) {
        this.requests = requests;
        this.applied = applied;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Forms, stores and sends one request of {@code moves}; {@code previous} names requests their intents may be taken from. */
    public void sendNew(ZettleSession session, List<PlannedMove> moves, Map<String, String> previous,
                        Map<String, CommandOutcome> outcomes) {
        List<String> commandIds = moves.stream().map(PlannedMove::commandId).toList();
        List<Movement> movements = moves.stream().map(PlannedMove::movement).toList();
        String identifier = ZettleCommandBatcher.identifier(commandIds);
        String connectionId = session.connection().id();
        requests.store(new StoredRequest(identifier, connectionId, commandIds, movements, State.SENDING));
        if (!applied.claim(connectionId, identifier, moves, previous, movements.size())) {
            // A concurrent delivery holds one of these commands; on redelivery its intent shows which request to re-send.
            throw new ZettleRequestInterrupted(identifier, commandIds,
                    "another delivery is applying some of these commands", 0, null);
        }
        deliver(session, new StoredRequest(identifier, connectionId, commandIds, movements, State.SENDING), moves,
                outcomes);
    }

    /** Sends a stored request again, unchanged; {@code moves} are those of its commands in this poll. */
    public void resend(ZettleSession session, StoredRequest stored, List<PlannedMove> moves,
                       Map<String, CommandOutcome> outcomes) {
        log.info("re-sending stored Zettle request {} ({} movements) for connection {}", stored.identifier(),
                stored.movements().size(), stored.connectionId());
        deliver(session, stored, moves, outcomes);
    }

    private void deliver(ZettleSession session, StoredRequest request, List<PlannedMove> moves,
                         Map<String, CommandOutcome> outcomes) {
        Instant sentAt = clock.instant();
        try {
            session.move(new ZettleMovementRequest(request.movements(), request.identifier()));
        } catch (RetriesExhaustedException e) {
            throw ZettleRequestInterrupted.of(request.identifier(), request.commandIds(), e);
        } catch (ZettleRejection e) {
            if (request.movements().size() > 1 || moves.isEmpty()) {
                fallBack(session, request, moves, outcomes, e);
            } else {
                retryStale(session, request.identifier(), moves.get(0), e, outcomes);
            }
            return;
        }
        succeeded(session, request, moves, outcomes, sentAt);
    }

    /**
     * Zettle validates a request as a whole and applies none of it when one movement is bad (as the
     * simulator does; assumed for Zettle, UNCONFIRMED): send each command on its own so that only the
     * bad one is parked.
     */
    private void fallBack(ZettleSession session, StoredRequest request, List<PlannedMove> moves,
                          Map<String, CommandOutcome> outcomes, ZettleRejection e) {
        requests.mark(request.identifier(), State.REJECTED);
        log.info("Zettle refused request {} of {} movements ({}); sending its commands one by one",
                request.identifier(), request.movements().size(), e.getMessage());
        for (PlannedMove move : moves) {
            sendNew(session, List.of(move), Map.of(move.commandId(), request.identifier()), outcomes);
        }
    }

    /**
     * A remembered mapping goes stale when the product is deleted and recreated in Zettle: read the
     * library again, and if the SKU now lives in another variant, make the same movement there once.
     */
    private void retryStale(ZettleSession session, String identifier, PlannedMove move, ZettleRejection refusal,
                            Map<String, CommandOutcome> outcomes) {
        String sku = move.adjustment().getSku();
        String connectionId = session.connection().id();
        catalog.forget(connectionId, sku);
        if (!move.remembered()) {
            park(session, identifier, move, refusal.getMessage(), outcomes);
            return;
        }
        PlannedMove moved;
        try {
            ZettleCatalog.Lookup fresh = catalog.variantFor(session, sku);
            if (fresh.variant() == null || fresh.variant().equals(move.variant())) {
                park(session, identifier, move, fresh.variant() == null ? fresh.problem() : refusal.getMessage(),
                        outcomes);
                return;
            }
            moved = move.on(fresh.variant());
            log.info("SKU {} moved to another Zettle variant in connection {}; retrying command {} there", sku,
                    connectionId, move.commandId());
            StoredRequest again = new StoredRequest(identifier, connectionId, List.of(move.commandId()),
                    List.of(moved.movement()), State.SENDING);
            requests.store(again);
            Instant sentAt = clock.instant();
            session.move(new ZettleMovementRequest(again.movements(), identifier));
            succeeded(session, again, List.of(moved), outcomes, sentAt);
        } catch (RetriesExhaustedException e) {
            throw ZettleRequestInterrupted.of(identifier, List.of(move.commandId()), e);
        } catch (ZettleRejection e) {
            park(session, identifier, move, e.getMessage(), outcomes);
        }
    }

    private void succeeded(ZettleSession session, StoredRequest request, List<PlannedMove> moves,
                           Map<String, CommandOutcome> outcomes, Instant sentAt) {
        applied.markApplied(request.commandIds(), request.identifier());
        requests.mark(request.identifier(), State.APPLIED);
        for (PlannedMove move : moves) {
            outcomes.put(move.commandId(), ZettleResults.applied(move, request.identifier(),
                    request.movements().size(), session.attempts(), sentAt));
        }
        log.info("Zettle applied request {} of {} movements for connection {}", request.identifier(),
                request.movements().size(), request.connectionId());
    }

    /** The intent keeps pointing at the refused request, which frees the command should it ever come back. */
    private void park(ZettleSession session, String identifier, PlannedMove move, String reason,
                      Map<String, CommandOutcome> outcomes) {
        requests.mark(identifier, State.REJECTED);
        outcomes.put(move.commandId(), CommandOutcome.parked(reason, session.attempts()));
    }
}

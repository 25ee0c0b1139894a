package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.DRIFT_REPAIRED;
import static io.possync.engine.rule.DecisionKind.SET_STOCK_LEVEL;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_ECHO;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_STALE;
import static io.possync.engine.rule.DecisionKind.SKIP_UNKNOWN_SKU;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;

/**
 * Stock rules of the templates that keep levels in step ({@link FlowTemplate#syncsStock()}). Every
 * webshop is told the absolute available-to-sell level {@link StockLedger#available}; a level is
 * sent only when it differs from the one last sent, so a webshop reporting back what we wrote (the
 * echo) is recognised and dropped. Per source, a change older than the stored one, or the same
 * change seen twice (webhook and poll), is not taken: the same change is the same level and either
 * the same vendor version or the same vendor time (a webhook and a poll name one change by different
 * versions, e.g. Zettle's webhook has no row checksum and Shopify's GraphQL has no event id). A POS
 * change that names the commands of ours that caused it releases exactly their reservations; without
 * names, reservations are released by comparing times ({@link Reservation#reflectedIn}).
 *
 * <p>A stock change without a causation id was found by a connector's reconciliation poll (no
 * delivery caused it; every connector builds its poll events so); the sync log says so where such a
 * finding changes something, i.e. where a lost webhook is healed.
 *
 * <pre>
 *   POS level (1a, 1b)    -> store, release reflected reservations, send every webshop its level
 *   POS level (1c)        -> see {@link WebshopMasterRules}: our movement's echo is recorded, any other
 *                            change adjusts the stock master by its difference
 *   stock master (1c)     -> move the POS by the difference, send the other webshops their level
 *   other webshop         -> our echo: drop; a state our write replaced (reported late): drop; else drift:
 *                            send it the derived level again
 *   transfer APPLIED      -> mark the reservation applied; release it if the stored POS level is newer
 *   level result          -> release the held transfers that waited for it ({@link TransferHoldRules})
 *   master adjustment     -> 1c, see {@link WebshopMasterRules}: parked, it is taken out of the master's
 *     result                 recorded level again
 * </pre>
 */
public final class StockRules {

    private StockRules() {
    }

    public static FlowDecision onStockChanged(StockChanged event, FlowConfig flow, StockLedger ledger) {
        StockContext context = new StockContext(event.getHeader(), null, flow, event.getSku());
        FlowDecision.Builder decision = new FlowDecision.Builder();
        String source = event.getHeader().getConnectionId();
        if (source.equals(flow.posConnectionId())) {
            onPosLevel(event, context, ledger, decision);
        } else if (flow.isStockMaster(source)) {
            WebshopMasterRules.onMasterLevel(event, context, ledger, decision);
        } else {
            onWebshopLevel(event, context, ledger, decision);
        }
        return decision.build();
    }

    /** The decision for a stock change no enabled stock-syncing flow takes. */
    public static FlowDecision withoutFlow(StockChanged event) {
        EventHeader source = event.getHeader();
        String id = DeterministicIds.logEntryId(source.getEventId(), null, event.getSku(), DecisionKind.SKIP_NO_FLOW);
        return FlowDecision.logOnly(new SyncLogEntry(id, source.getTenantId(), null, source.getCorrelationId(),
                source.getEventId(), source.getConnectionId(), new SyncLogEntry.Subject(null, event.getSku(), null),
                DecisionKind.SKIP_NO_FLOW, null, null, Outcome.SKIPPED, "connection " + source.getConnectionId()
                        + " is not part of an enabled flow that keeps stock in step", null, null));
    }

    /**
     * A connector's result on the SKU: an order transfer the POS applied, an adjustment of the stock master
     * (1c, {@link WebshopMasterRules}), or a level a held transfer may wait for ({@link TransferHoldRules}).
     */
    public static FlowDecision onCommandResult(CommandResult result, FlowConfig flow, StockLedger ledger) {
        if (ledger.reservation(result.getCommandId()).isPresent()) {
            return result.getStatus() == CommandStatus.APPLIED || result.getStatus() == CommandStatus.ALREADY_APPLIED
                    ? onTransferApplied(result, flow, ledger) : FlowDecision.none();
        }
        if (flow.isStockMaster(result.getTargetConnectionId())) {
            return WebshopMasterRules.onMasterAdjustmentResult(result, flow, ledger);
        }
        return TransferHoldRules.onLevelResult(result, flow, ledger);
    }

    /** A connector wrote an order line's draw into the POS at {@code result}'s occurredAt. */
    public static FlowDecision onTransferApplied(CommandResult result, FlowConfig flow, StockLedger ledger) {
        FlowDecision.Builder decision = new FlowDecision.Builder();
        Optional<Reservation> reservation = ledger.reservation(result.getCommandId());
        if (reservation.isEmpty() || reservation.get().appliedAt() != null) {
            return decision.build();
        }
        StockContext context = new StockContext(result.getHeader(), reservation.get().orderId(), flow, ledger.sku());
        StockLedger next = ledger.withReservation(reservation.get().applied(result.getHeader().getOccurredAt()))
                .releaseReflected();
        if (next.reservations().size() < ledger.reservations().size() && !isWebshopMaster(flow)) {
            next = sendLevels(context, next, StockChangeReason.ORDER_TRANSFER, "POS level already includes the sale",
                    decision);
        }
        return decision.stock(ledger, next).build();
    }

    private static void onPosLevel(StockChanged event, StockContext context, StockLedger ledger,
                                   FlowDecision.Builder decision) {
        PosLevel stored = ledger.pos();
        List<String> causedBy = event.getCausedByCommandIds();
        if (stored != null && (sameChange(event, stored) || stored.newerThan(event))) {
            decision.log(sameChange(event, stored)
                    ? context.skip(SKIP_DUPLICATE, null, "POS change " + changeName(event) + " to level "
                            + event.getLevel() + " already taken"
                            + (foundByPoll(event) ? " (seen again by the reconciliation poll)" : ""))
                    : context.skip(SKIP_STALE, null, "POS level of " + event.getChangedAt()
                            + " is older than the stored one of " + stored.changedAt()));
            // the newer stored level includes whatever commands of ours caused this older change
            decision.stock(ledger, causedBy.isEmpty() ? ledger
                    : ledger.withPos(stored.withoutMoves(causedBy)).releaseFor(causedBy));
            return;
        }
        if (isWebshopMaster(context.flow())) {
            WebshopMasterRules.onPosLevel(event, context, ledger, decision);
            return;
        }
        StockLedger next = ledger.withPos(PosLevel.of(event)).releaseFor(causedBy);
        next = sendLevels(context, next, StockChangeReason.MASTER_SYNC, foundByPoll(event)
                ? "reconciliation poll found POS level " + event.getLevel() + " (no webhook brought it): repaired"
                : "POS level " + event.getLevel(), decision);
        decision.stock(ledger, next);
    }

    private static void onWebshopLevel(StockChanged event, StockContext context, StockLedger ledger,
                                       FlowDecision.Builder decision) {
        String webshop = event.getHeader().getConnectionId();
        TargetStock known = ledger.target(webshop);
        if (droppedAsEchoOrOld(event, known, context, ledger, decision)) {
            return;
        }
        StockLedger next = observe(ledger, known, event);
        if (known.replacedByPendingWrite(event.getLevel())) {
            // not drift: the pending write sets the derived level anyway (and a parked one is re-sent later)
            decision.log(context.skip(SKIP_STALE, webshop, "webshop level " + event.getLevel() + " is the one our"
                    + " pending write of " + known.commanded() + " (command " + known.commandId() + ") replaces"))
                    .stock(ledger, next);
            return;
        }
        if (known.overwrittenByConfirmedWrite(event.getLevel(), event.getChangedAt())) {
            // not drift: our write landed after this state (its report came late), so the webshop holds our level
            decision.log(context.skip(SKIP_STALE, webshop, "webshop level " + event.getLevel() + " of "
                    + event.getChangedAt() + " is the state our write of " + known.confirmed() + " (at "
                    + known.confirmedAt() + ") overwrote")).stock(ledger, next);
            return;
        }
        Optional<Long> available = next.available(context.flow());
        if (available.isEmpty()) {
            decision.log(context.skip(SKIP_UNKNOWN_SKU, webshop, noMasterLevel(context)));
        } else if (available.get() == event.getLevel()) {
            decision.log(context.skip(SKIP_LEVEL_UNCHANGED, webshop, "webshop level " + event.getLevel()
                    + " already is the derived level"));
        } else {
            ConnectorCommand repair = context.setStockLevel(ledger, webshop, available.get(), event.getLevel(),
                    StockChangeReason.RECONCILIATION);
            next = next.withTarget(next.target(webshop).commanded(available.get(), repair.getCommandId(),
                    event.getLevel()));
            decision.command(repair).log(context.commandEntry(DRIFT_REPAIRED, repair, (foundByPoll(event)
                    ? "reconciliation poll found webshop level " : "webshop reported ") + event.getLevel()
                    + ", not our last level " + known.commanded() + ": re-send " + formula(context.flow(), next)));
        }
        decision.stock(ledger, next);
    }

    /**
     * Sends every webshop the flow sets ({@link FlowConfig#levelTargets()}) the derived level, unless
     * it was the last level sent there. Nothing is sent from a missing master level (rule 6).
     */
    static StockLedger sendLevels(StockContext context, StockLedger state, StockChangeReason reason, String cause,
                                  FlowDecision.Builder decision) {
        FlowConfig flow = context.flow();
        Optional<Long> available = state.available(flow);
        if (available.isEmpty()) {
            decision.log(context.skip(SKIP_UNKNOWN_SKU, null, noMasterLevel(context)));
            return state;
        }
        StockLedger next = state;
        for (String target : flow.levelTargets()) {
            TargetStock known = state.target(target);
            if (Objects.equals(known.commanded(), available.get())) {
                decision.log(context.skip(SKIP_LEVEL_UNCHANGED, target, "level " + available.get()
                        + " was already sent"));
            } else if (!flow.webshopSystems().containsKey(target)) {
                decision.log(context.skip(SKIP_UNKNOWN_SKU, target, "system of connection " + target
                        + " is not recorded in the flow; save the flow again"));
            } else {
                ConnectorCommand command = context.setStockLevel(state, target, available.get(), known.commanded(),
                        reason);
                next = next.withTarget(known.commanded(available.get(), command.getCommandId()));
                decision.command(command).log(context.commandEntry(SET_STOCK_LEVEL, command, cause + ": "
                        + formula(flow, state)));
            }
        }
        return next;
    }

    /**
     * Our own write coming back (the level we last sent) is dropped, though still recorded as the
     * webshop's level; then newer wins. Logs why an event is not taken.
     */
    static boolean droppedAsEchoOrOld(StockChanged event, TargetStock known, StockContext context,
                                              StockLedger ledger, FlowDecision.Builder decision) {
        String webshop = event.getHeader().getConnectionId();
        if (known.commanded() != null && known.commanded() == event.getLevel()) {
            decision.log(context.skip(SKIP_ECHO, webshop, "level " + event.getLevel() + " is the one we sent by command "
                    + known.commandId())).stock(ledger, observe(ledger, known, event));
            return true;
        }
        if (!known.alreadyHas(event.getChangedAt(), event.getSourceVersion(), event.getLevel())) {
            return false;
        }
        decision.log(event.getChangedAt().isBefore(known.observedAt())
                ? context.skip(SKIP_STALE, webshop, "webshop level of " + event.getChangedAt()
                        + " is older than the stored one of " + known.observedAt())
                : context.skip(SKIP_DUPLICATE, webshop, "webshop change " + changeName(event) + " already taken"));
        return true;
    }

    /** Records a webshop's report unless a newer one (or the same change) is stored. */
    static StockLedger observe(StockLedger ledger, TargetStock known, StockChanged event) {
        if (known.alreadyHas(event.getChangedAt(), event.getSourceVersion(), event.getLevel())) {
            return ledger;
        }
        return ledger.withTarget(known.observed(event.getLevel(), event.getChangedAt(), event.getSourceVersion()));
    }

    /** The same level and either the same version or the same time (one change seen by webhook and by poll). */
    private static boolean sameChange(StockChanged event, PosLevel stored) {
        if (event.getLevel() != stored.level()) {
            return false;
        }
        return event.getChangedAt().equals(stored.changedAt())
                || event.getSourceVersion() != null && event.getSourceVersion().equals(stored.sourceVersion());
    }

    private static boolean foundByPoll(StockChanged event) {
        return event.getHeader().getCausationId() == null;
    }

    /** The change's identity: the vendor's change id, else its time and level (as the connectors derive event ids). */
    static String changeName(StockChanged event) {
        return event.getSourceVersion() != null ? event.getSourceVersion()
                : event.getChangedAt().toEpochMilli() + "@" + event.getLevel();
    }

    private static boolean isWebshopMaster(FlowConfig flow) {
        return flow.template() == FlowTemplate.WEBSHOP_MASTER;
    }

    static String noMasterLevel(StockContext context) {
        return isWebshopMaster(context.flow())
                ? "stock master " + context.flow().stockMasterConnectionId() + " never reported SKU " + context.sku()
                        + ": no level is derived"
                : "the POS never reported SKU " + context.sku() + ": no level is derived (never 0 from missing data)";
    }

    static String formula(FlowConfig flow, StockLedger state) {
        long master = state.masterLevel(flow).orElse(0L);
        return "available " + state.available(flow).orElse(0L) + " = max(0, " + master + " - reserved "
                + state.reserved() + " - buffer " + flow.safetyBuffer() + ")";
    }
}

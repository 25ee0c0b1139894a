package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.ADJUST_MASTER_STOCK;
import static io.possync.engine.rule.DecisionKind.ADJUST_POS_STOCK;
import static io.possync.engine.rule.DecisionKind.MASTER_ADJUSTMENT_PARKED;
import static io.possync.engine.rule.DecisionKind.SKIP_AMBIGUOUS_DELTA;
import static io.possync.engine.rule.DecisionKind.SKIP_ECHO;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_STOCK_MASTER;
import static io.possync.engine.rule.DecisionKind.SKIP_UNKNOWN_SKU;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;

/**
 * Stock in {@link FlowTemplate#WEBSHOP_MASTER} (1c), where one webshop is master of stock and the
 * POS follows it by movements. Both directions travel as differences, and each side remembers what
 * we changed on it, so that the other side's report of our own change moves nothing back:
 *
 * <pre>
 *   stock master changed by d      -> move the POS by d (remembered in {@link PosLevel#ourMoves}),
 *                                     send the other webshops their level
 *   POS changed by d, all ours     -> our movement coming back: record the level, nothing else
 *   POS changed by d, not (all) ours -> adjust the stock master by d minus our part (its baseline
 *                                     moves with it, {@link TargetStock#adjusted}), send the other
 *                                     webshops their level
 * </pre>
 *
 * The POS difference is Zettle's own (level minus level before) when the change starts at the stored
 * level; otherwise the stored level stands in, unless movements of ours in flight may or may not be in
 * it (then nothing is moved or recorded: rule 6). Differences to the stored level add up to the true
 * total whatever the order of reports, so a webhook and a poll of one change move the master once.
 */
final class WebshopMasterRules {

    private WebshopMasterRules() {
    }

    /**
     * A movement of ours whose echo was not seen this long after the change it follows is taken as
     * applied (its webhook was lost), so a poll can compare levels again.
     */
    static final Duration MOVE_ECHO_GRACE = Duration.ofMinutes(10);

    /**
     * The part of a POS change not made by our movements, and our movements it shows; empty when it
     * cannot be told (nothing is then recorded, so a later report still starts where this one should have).
     */
    record PosDelta(long external, List<String> reflectedMoves) {
    }

    /** A POS change that is newer than the stored one and not the same change again. */
    static void onPosLevel(StockChanged event, StockContext context, StockLedger ledger,
                           FlowDecision.Builder decision) {
        PosLevel stored = ledger.pos();
        List<String> causedBy = event.getCausedByCommandIds();
        Optional<PosDelta> delta = stored == null ? firstDelta(event) : delta(event, stored);
        if (delta.isEmpty()) {
            if (stored == null) {
                decision.log(context.skip(SKIP_NOT_STOCK_MASTER, null, "first POS level " + event.getLevel()
                        + " recorded; webshop " + context.flow().stockMasterConnectionId() + " is master of stock"))
                        .stock(ledger, ledger.withPos(PosLevel.of(event)).releaseFor(causedBy));
            } else {
                decision.log(context.skip(SKIP_AMBIGUOUS_DELTA, null, "POS level " + event.getLevel()
                        + " does not follow the stored " + stored.level() + " while " + stored.ourMoves().size()
                        + " movement(s) of ours are in flight: not recorded, the stock master is not moved"));
            }
            return;
        }
        PosLevel reported = stored == null
                ? PosLevel.of(event)
                : stored.reported(event)
                        .withoutMoves(delta.get().reflectedMoves());
        StockLedger next = ledger.withPos(reported).releaseFor(causedBy);
        long external = delta.get().external();
        if (external == 0) {
            decision.log(delta.get().reflectedMoves().isEmpty()
                    ? context.skip(SKIP_LEVEL_UNCHANGED, null, "POS level " + event.getLevel() + " did not change")
                    : context.skip(SKIP_ECHO, null, "POS change to " + event.getLevel() + " is our movement "
                            + delta.get().reflectedMoves()))
                    .stock(ledger, next);
            return;
        }
        ConnectorCommand adjust = context.adjustMaster(DeterministicIds.posSyncCommandId(
                context.flow().posConnectionId(), event.getSku(), StockRules.changeName(event)),
                Math.toIntExact(external));
        String master = context.flow().stockMasterConnectionId();
        if (adjust == null) {
            decision.log(context.skip(SKIP_UNKNOWN_SKU, master, "system of connection " + master
                    + " is not recorded in the flow; save the flow again")).stock(ledger, next);
            return;
        }
        next = next.withTarget(next.target(master).adjusted(Math.toIntExact(external), adjust.getCommandId()));
        decision.command(adjust).log(context.commandEntry(ADJUST_MASTER_STOCK, adjust, "POS changed by " + external
                + " (to " + event.getLevel() + ") not by a movement of ours: adjust stock master " + master));
        decision.stock(ledger, StockRules.sendLevels(context, next, StockChangeReason.MASTER_SYNC,
                "POS change of " + external + " reached the stock master", decision));
    }

    /** The first POS report: its own difference if it has one, else it is only the starting level. */
    private static Optional<PosDelta> firstDelta(StockChanged event) {
        return event.getPreviousLevel() == null ? Optional.empty()
                : Optional.of(new PosDelta(event.getLevel() - event.getPreviousLevel(), List.of()));
    }

    /**
     * A change that starts at the stored level is its own difference less our movements among its
     * causes. Any other report (a poll, a change after a lost or overtaken one) is compared with the
     * stored level instead, which is exact as long as every movement of ours in flight is either
     * among its causes or old enough to be taken as applied; otherwise it cannot be told.
     */
    static Optional<PosDelta> delta(StockChanged event, PosLevel stored) {
        List<PosLevel.Move> ours = stored.movesAmong(event.getCausedByCommandIds());
        long oursTotal = ours.stream().mapToLong(PosLevel.Move::delta).sum();
        List<String> reflected = new ArrayList<>(ours.stream().map(PosLevel.Move::commandId).toList());
        if (event.getPreviousLevel() != null && event.getPreviousLevel() == stored.level()) {
            return Optional.of(new PosDelta(event.getLevel() - event.getPreviousLevel() - oursTotal, reflected));
        }
        Instant settledBefore = event.getChangedAt().minus(MOVE_ECHO_GRACE);
        long settledTotal = 0;
        for (PosLevel.Move move : stored.ourMoves()) {
            if (reflected.contains(move.commandId())) {
                continue;
            }
            if (move.at() == null || !move.at().isBefore(settledBefore)) {
                return Optional.empty();
            }
            settledTotal += move.delta();
            reflected.add(move.commandId());
        }
        return Optional.of(new PosDelta(event.getLevel() - stored.level() - oursTotal - settledTotal, reflected));
    }

    static void onMasterLevel(StockChanged event, StockContext context, StockLedger ledger,
                              FlowDecision.Builder decision) {
        String master = event.getHeader().getConnectionId();
        TargetStock known = ledger.target(master);
        if (StockRules.droppedAsEchoOrOld(event, known, context, ledger, decision)) {
            return;
        }
        StockLedger next = StockRules.observe(ledger, known, event);
        if (ledger.pos() == null) {
            decision.log(context.skip(SKIP_UNKNOWN_SKU, null, "stock master level " + event.getLevel()
                    + " recorded, but the POS never reported SKU " + event.getSku() + ": not moved"))
                    .stock(ledger, next);
            return;
        }
        long before = known.observed() != null ? known.observed() : ledger.pos().level();
        long delta = event.getLevel() - before;
        if (delta == 0 && known.commandId() != null) {
            next = next.withTarget(next.target(master).settled());
            decision.log(context.skip(SKIP_ECHO, master, "stock master level " + event.getLevel()
                    + " includes our adjustment " + known.commandId()));
        } else if (delta == 0) {
            decision.log(context.skip(SKIP_LEVEL_UNCHANGED, context.flow().posConnectionId(),
                    "stock master level " + event.getLevel() + " is the level the POS was moved to"));
        } else {
            ConnectorCommand move = context.adjustPos(DeterministicIds.masterSyncCommandId(master, event.getSku(),
                    StockRules.changeName(event)), Math.toIntExact(delta));
            next = next.withPos(next.pos().withMove(move.getCommandId(), Math.toIntExact(delta),
                    event.getChangedAt()));
            decision.command(move).log(context.commandEntry(ADJUST_POS_STOCK, move, "stock master " + master
                    + " went from " + before + " to " + event.getLevel() + ": move the POS by " + delta));
        }
        decision.stock(ledger, StockRules.sendLevels(context, next, StockChangeReason.MASTER_SYNC,
                "stock master level " + event.getLevel(), decision));
    }

    /**
     * The connector's outcome of our adjustment of the stock master. Parked, the master never changed: the
     * adjustment is taken out of the master's recorded level again, so its next report is compared with
     * what it really holds, and the other webshops get the level derived from it. UNKNOWN is not undone:
     * the change may have been made, and undoing an applied one would move the POS twice.
     */
    static FlowDecision onMasterAdjustmentResult(CommandResult result, FlowConfig flow, StockLedger ledger) {
        String master = flow.stockMasterConnectionId();
        TargetStock known = ledger.target(master);
        boolean parked = result.getStatus() == CommandStatus.PARKED;
        TargetStock after = known.adjustmentEnded(result.getCommandId(), parked);
        FlowDecision.Builder decision = new FlowDecision.Builder();
        if (after.equals(known)) {
            return decision.build();
        }
        StockLedger next = ledger.withTarget(after);
        if (parked) {
            StockContext context = new StockContext(result.getHeader(), null, flow, ledger.sku());
            decision.log(context.skip(MASTER_ADJUSTMENT_PARKED, master, "adjustment " + result.getCommandId() + " by "
                    + known.adjustments().get(result.getCommandId()) + " parked: stock master level taken as "
                    + after.observed() + " again"));
            next = StockRules.sendLevels(context, next, StockChangeReason.MASTER_SYNC, "stock master adjustment"
                    + " parked", decision);
        }
        return decision.stock(ledger, next).build();
    }
}

package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.ADJUST_MASTER_STOCK;
import static io.possync.engine.rule.DecisionKind.ADJUST_POS_STOCK;
import static io.possync.engine.rule.DecisionKind.SKIP_AMBIGUOUS_DELTA;
import static io.possync.engine.rule.DecisionKind.SKIP_ECHO;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_STOCK_MASTER;
import static io.possync.engine.rule.DecisionKind.SKIP_UNKNOWN_SKU;

import java.util.List;
import java.util.OptionalLong;

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
 * The POS difference is Zettle's own (level minus level before); without it, the stored POS level
 * stands in, unless movements of ours are in flight (then nothing is moved: rule 6).
 */
final class WebshopMasterRules {

    private WebshopMasterRules() {
    }

    /** A POS change that is newer than the stored one and not the same change again. */
    static void onPosLevel(StockChanged event, StockContext context, StockLedger ledger,
                           FlowDecision.Builder decision) {
        PosLevel stored = ledger.pos();
        List<String> causedBy = event.getCausedByCommandIds();
        List<PosLevel.Move> ours = stored == null ? List.of() : stored.movesAmong(causedBy);
        PosLevel reported = stored == null
                ? new PosLevel(event.getLevel(), event.getChangedAt(), event.getSourceVersion())
                : stored.reported(event.getLevel(), event.getChangedAt(), event.getSourceVersion())
                        .withoutMoves(causedBy);
        StockLedger next = ledger.withPos(reported).releaseFor(causedBy);
        OptionalLong external = externalDelta(event, stored, ours);
        if (external.isEmpty()) {
            decision.log(stored == null
                    ? context.skip(SKIP_NOT_STOCK_MASTER, null, "first POS level " + event.getLevel()
                            + " recorded; webshop " + context.flow().stockMasterConnectionId() + " is master of stock")
                    : context.skip(SKIP_AMBIGUOUS_DELTA, null, "POS level " + event.getLevel()
                            + " came without its level before while " + stored.ourMoves().size()
                            + " movement(s) of ours are in flight: recorded, the stock master is not moved"))
                    .stock(ledger, next);
            return;
        }
        long delta = external.getAsLong();
        if (delta == 0) {
            decision.log(ours.isEmpty()
                    ? context.skip(SKIP_LEVEL_UNCHANGED, null, "POS level " + event.getLevel() + " did not change")
                    : context.skip(SKIP_ECHO, null, "POS change to " + event.getLevel() + " is our movement "
                            + ours.stream().map(PosLevel.Move::commandId).toList()))
                    .stock(ledger, next);
            return;
        }
        ConnectorCommand adjust = context.adjustMaster(DeterministicIds.posSyncCommandId(
                context.flow().posConnectionId(), event.getSku(), StockRules.changeName(event)),
                Math.toIntExact(delta));
        String master = context.flow().stockMasterConnectionId();
        if (adjust == null) {
            decision.log(context.skip(SKIP_UNKNOWN_SKU, master, "system of connection " + master
                    + " is not recorded in the flow; save the flow again")).stock(ledger, next);
            return;
        }
        next = next.withTarget(next.target(master).adjusted(Math.toIntExact(delta), adjust.getCommandId()));
        decision.command(adjust).log(context.commandEntry(ADJUST_MASTER_STOCK, adjust, "POS changed by " + delta
                + " (to " + event.getLevel() + ") not by a movement of ours: adjust stock master " + master));
        decision.stock(ledger, StockRules.sendLevels(context, next, StockChangeReason.MASTER_SYNC,
                "POS change of " + delta + " reached the stock master", decision));
    }

    /**
     * The part of a POS change not made by our movements: Zettle's difference minus ours; without
     * Zettle's level before, the difference to the stored level, but only if no other movement of
     * ours may or may not be in it.
     */
    static OptionalLong externalDelta(StockChanged event, PosLevel stored, List<PosLevel.Move> ours) {
        long oursTotal = ours.stream().mapToLong(PosLevel.Move::delta).sum();
        if (event.getPreviousLevel() != null) {
            return OptionalLong.of(event.getLevel() - event.getPreviousLevel() - oursTotal);
        }
        if (stored == null || stored.ourMoves().size() > ours.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(event.getLevel() - stored.level() - oursTotal);
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
            next = next.withPos(next.pos().withMove(move.getCommandId(), Math.toIntExact(delta)));
            decision.command(move).log(context.commandEntry(ADJUST_POS_STOCK, move, "stock master " + master
                    + " went from " + before + " to " + event.getLevel() + ": move the POS by " + delta));
        }
        decision.stock(ledger, StockRules.sendLevels(context, next, StockChangeReason.MASTER_SYNC,
                "stock master level " + event.getLevel(), decision));
    }
}

package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.TRANSFER_LINE;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.EventHeader;

/**
 * Keeps every webshop at or below true availability once an order's transfer has reached the POS. A
 * level decided before the engine knew of an order (so without its reservation) may still be on its way
 * to a webshop: in its connector's coalescing window, in flight, or retried after a stale compare. If the
 * transfer landed first, the webshop would show more than the POS then holds. So:
 *
 * <pre>
 *   order reaches its trigger while a webshop's last level has no result yet and is above the
 *   new availability      -> reserve, send the lowered levels at once, hold the transfer (line HELD)
 *                            awaiting, per such webshop, the result of the level sent now
 *   result of an awaited level (any outcome)
 *                         -> that webshop is no longer awaited; none left: send the transfer
 *   hold expired          -> send the transfer anyway; the sync log says which results never came
 * </pre>
 *
 * A connector applies one connection's commands in order and reports every one (a superseded level ends
 * with the level that replaced it), so the result of a level sent after the old one proves the old one
 * landed or never will. Nothing pending, nothing held: the transfer goes out at once as before.
 */
public final class TransferHoldRules {

    private TransferHoldRules() {
    }

    /**
     * Holds the transfers that {@code transfer} newly decided for {@code next}'s SKU if a webshop's older
     * level may still land, adding their ids to {@code held}. A reservation already held (recorded before
     * a crash, decided again on redelivery) stays held as recorded.
     */
    static StockLedger holdNewTransfers(EventHeader order, FlowConfig flow, StockLedger before, StockLedger next,
                                        FlowDecision transfer, Set<String> held) {
        Map<String, String> awaiting = awaiting(flow, before, next);
        StockLedger result = next;
        for (LedgerTransition transition : transfer.transitions()) {
            LineLedger line = transition.next();
            if (transition.expected() != null || line.status() != LineStatus.TRANSFERRED
                    || !line.sku().equals(next.sku())) {
                continue;
            }
            Reservation reservation = next.reservation(line.transferCommandId()).orElseThrow();
            TransferHold hold = reservation.held() ? reservation.hold()
                    : awaiting.isEmpty() ? null : TransferHold.of(awaiting, order);
            if (hold != null) {
                result = result.withReservation(reservation.withHold(hold));
                held.add(reservation.id());
            }
        }
        return result;
    }

    /**
     * The webshops whose last level has no result yet and is above what {@code next} makes available,
     * each with the command whose result will prove that level landed: the level sent now, if any.
     */
    static Map<String, String> awaiting(FlowConfig flow, StockLedger before, StockLedger next) {
        Optional<Long> available = next.available(flow);
        Map<String, String> awaiting = new TreeMap<>();
        for (String target : flow.levelTargets()) {
            TargetStock known = before.target(target);
            if (known.pending() && available.isPresent() && known.commanded() > available.get()) {
                awaiting.put(target, next.target(target).commandId());
            }
        }
        return awaiting;
    }

    /** A connector's result of a level command: releases the holds whose last awaited result it is. */
    static FlowDecision onLevelResult(CommandResult result, FlowConfig flow, StockLedger ledger) {
        FlowDecision.Builder decision = new FlowDecision.Builder();
        String target = result.getTargetConnectionId();
        StockLedger next = ledger;
        for (Reservation reservation : held(ledger)) {
            if (!reservation.hold().awaits(target, result.getCommandId())) {
                continue;
            }
            TransferHold rest = reservation.hold().without(target);
            next = rest.awaiting().isEmpty()
                    ? release(flow, next, reservation, "the webshops' older levels have landed (result "
                            + result.getStatus() + " of level command " + result.getCommandId() + " on " + target
                            + ")", decision)
                    : next.withReservation(reservation.withHold(rest));
        }
        return decision.stock(ledger, next).build();
    }

    /** The bounded wait ended: the named transfers still held go out anyway. */
    public static FlowDecision onHoldExpired(HoldExpired event, FlowConfig flow, StockLedger ledger) {
        FlowDecision.Builder decision = new FlowDecision.Builder();
        StockLedger next = ledger;
        for (String id : event.transferIds()) {
            Optional<Reservation> reservation = ledger.reservation(id).filter(Reservation::held);
            if (reservation.isPresent()) {
                next = release(flow, next, reservation.get(), "no result of " + reservation.get().hold().awaiting()
                        + " (webshop=level command) within " + event.maxWait() + ": sent anyway, an older level"
                        + " may still land in those webshops", decision);
            }
        }
        return decision.stock(ledger, next).build();
    }

    /** Why a transfer decided now is held, for its TRANSFER_HELD entry. */
    static String reason(List<StockTransition> stock, String transferId) {
        return stock.stream().map(t -> t.next().reservation(transferId)).flatMap(Optional::stream)
                .filter(Reservation::held).findFirst()
                .map(r -> "reserved " + r.quantity() + " and sent the lowered levels; a level decided before the"
                        + " order may still land in a webshop, so the transfer waits for the results of "
                        + r.hold().awaiting() + " (webshop=level command)")
                .orElse("transfer held");
    }

    /**
     * Sends the transfer the order decided (same command id, header and entry as if sent at once); the
     * processor also moves its order-ledger line from HELD to TRANSFERRED (the entry's ledger key).
     */
    private static StockLedger release(FlowConfig flow, StockLedger state, Reservation reservation, String why,
                                       FlowDecision.Builder decision) {
        EventHeader order = reservation.hold().orderHeader(flow.tenantId());
        String lineKey = DeterministicIds.lineKey(flow.tenantId(), flow.flowId(), reservation.orderId(),
                reservation.lineId());
        decision.command(OrderContext.posMovement(flow, order, reservation.orderId(), reservation.id(), state.sku(),
                        -reservation.quantity(), false, reservation.lineId()))
                .log(OrderContext.entry(flow, order, reservation.orderId(), TRANSFER_LINE, state.sku(),
                        reservation.lineId(), reservation.id(), lineKey, "held transfer released, draw "
                                + reservation.quantity() + ": " + why).withStockLedgerKey(state.key()));
        return state.withReservation(reservation.withHold(null));
    }

    private static List<Reservation> held(StockLedger ledger) {
        return ledger.reservations().values().stream().filter(Reservation::held)
                .sorted(Comparator.comparing(Reservation::id)).toList();
    }
}

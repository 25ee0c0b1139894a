package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.RETURN_LINE;
import static io.possync.engine.rule.DecisionKind.SKIP_CANCELLED;
import static io.possync.engine.rule.DecisionKind.SKIP_CANCELLED_BEFORE_TRANSFER;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_AT_TRIGGER;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_WEB_ORDER;
import static io.possync.engine.rule.DecisionKind.SKIP_NO_QUANTITY;
import static io.possync.engine.rule.DecisionKind.SKIP_NO_SKU;
import static io.possync.engine.rule.DecisionKind.SKIP_POS_ORDER;
import static io.possync.engine.rule.DecisionKind.SKIP_REFUNDED;
import static io.possync.engine.rule.DecisionKind.SKIP_STALE;
import static io.possync.engine.rule.DecisionKind.TRANSFER_LINE;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;

/**
 * Flow {@link FlowTemplate#WEBSHOP_ORDERS_DRAW_POS_STOCK}: a webshop order draws its lines from POS
 * stock once it reaches the flow's trigger state, and gives them back once if it is cancelled
 * afterwards. Every order event carries the whole order, so each event is decided against the
 * order's ledger alone; duplicates, twins and reordering then fall out of the line states:
 *
 * <pre>
 *   (no entry) --reached trigger--> TRANSFERRED --cancelled--> RETURNED
 *   (no entry) --cancelled--------> BLOCKED        (a late "paid" never transfers it)
 *   HELD (stock-syncing flows, see {@link OrderStockRules}) --released--> TRANSFERRED
 *   HELD --cancelled--> RETURNED   (the held transfer and its return are both sent: whether the
 *                                   release already sent the transfer cannot be known, and the
 *                                   connector drops a repeat by command id, so the POS ends even)
 * </pre>
 */
public final class OrderTransferRules {

    /** The states an order passes on its way to fulfilment; "reached the trigger" means at or past it here. */
    public static final List<OrderState> PROGRESSION = List.of(OrderState.PENDING, OrderState.AUTHORIZED,
            OrderState.PARTIALLY_PAID, OrderState.PAID, OrderState.COMPLETED);

    private OrderTransferRules() {
    }

    public static boolean reachedTrigger(OrderState state, OrderState trigger) {
        int at = PROGRESSION.indexOf(state);
        return at >= 0 && at >= PROGRESSION.indexOf(trigger);
    }

    public static boolean isCancellation(OrderState state) {
        return state == OrderState.CANCELLED || state == OrderState.VOIDED;
    }

    public static FlowDecision onOrder(OrderPlaced order, FlowConfig flow, OrderLedger ledger) {
        OrderContext context = new OrderContext(order, flow);
        if (order.getChannel() != SalesChannel.WEB) {
            return FlowDecision.logOnly(order.getChannel() == SalesChannel.POS
                    ? context.orderEntry(SKIP_POS_ORDER, "taken at a point of sale, not a webshop order")
                    : context.orderEntry(SKIP_NOT_WEB_ORDER, "channel " + order.getChannel() + " is not a webshop"));
        }
        Optional<Instant> newest = ledger.newestApplied();
        if (newest.isPresent() && order.getUpdatedAt().isBefore(newest.get())) {
            return FlowDecision.logOnly(context.orderEntry(SKIP_STALE, "order version of " + order.getUpdatedAt()
                    + " is older than the version of " + newest.get() + " already applied"));
        }
        FlowDecision.Builder decision = new FlowDecision.Builder();
        Set<String> changed = new HashSet<>();
        if (isCancellation(order.getState())) {
            onCancellation(context, ledger, decision, changed);
        } else if (reachedTrigger(order.getState(), flow.triggerState())) {
            onTrigger(context, ledger, decision, changed);
        } else if (order.getState() == OrderState.REFUNDED) {
            // A refund is not necessarily a restock (the goods may never come back, or come back
            // damaged), so a refunded order that is not cancelled keeps its stock drawn.
            decision.log(context.orderEntry(SKIP_REFUNDED,
                    "refunded without cancellation: a refund is not necessarily a restock"));
        } else {
            decision.log(context.orderEntry(SKIP_NOT_AT_TRIGGER, "state " + order.getState()
                    + " has not reached the trigger " + flow.triggerState()));
        }
        touchUnchangedLines(order.getUpdatedAt(), ledger, changed, decision);
        return decision.build();
    }

    /** The decision for an order no enabled flow takes. */
    public static FlowDecision withoutFlow(OrderPlaced order) {
        return FlowDecision.logOnly(new OrderContext(order, null).orderEntry(DecisionKind.SKIP_NO_FLOW,
                "connection " + order.getHeader().getConnectionId() + " is not a source of an enabled flow"));
    }

    private static void onTrigger(OrderContext context, OrderLedger ledger, FlowDecision.Builder decision,
                                  Set<String> changed) {
        for (OrderLine line : context.order().getLines()) {
            Optional<LineLedger> entry = ledger.line(line.getLineId());
            if (entry.isPresent()) {
                decision.log(context.lineEntry(line, alreadyDecided(entry.get()), reasonFor(entry.get())));
            } else if (isBlank(line.getSku())) {
                decision.log(context.lineEntry(line, SKIP_NO_SKU, "line has no SKU, nothing to draw from"));
            } else if (line.getQuantity() <= 0) {
                decision.log(context.lineEntry(line, SKIP_NO_QUANTITY, "quantity " + line.getQuantity()));
            } else {
                transfer(context, line, decision);
                changed.add(line.getLineId());
            }
        }
    }

    private static void transfer(OrderContext context, OrderLine line, FlowDecision.Builder decision) {
        LineLedger transferred = context.newLine(line, LineStatus.TRANSFERRED);
        String commandId = transferred.transferCommandId();
        String reason = "order " + context.order().getState() + " reached trigger " + context.flow().triggerState()
                + ": draw " + line.getQuantity();
        decision.command(context.adjustStock(commandId, line.getSku(), -line.getQuantity(), false, line.getLineId()))
                .transition(LedgerTransition.create(transferred))
                .log(context.commandEntry(TRANSFER_LINE, line.getSku(), line.getLineId(), commandId,
                        transferred.key(), reason));
    }

    private static void onCancellation(OrderContext context, OrderLedger ledger, FlowDecision.Builder decision,
                                       Set<String> changed) {
        for (OrderLine line : context.order().getLines()) {
            if (ledger.line(line.getLineId()).isPresent()) {
                continue;
            }
            if (isBlank(line.getSku())) {
                decision.log(context.lineEntry(line, SKIP_NO_SKU, "line has no SKU, nothing to draw from"));
            } else {
                decision.transition(LedgerTransition.create(context.newLine(line, LineStatus.BLOCKED)))
                        .log(context.lineEntry(line, SKIP_CANCELLED_BEFORE_TRANSFER, "order "
                                + context.order().getState() + " before it drew stock; it never will"));
                changed.add(line.getLineId());
            }
        }
        // Every transferred line goes back, also one edited out of the order before the cancellation.
        for (LineLedger entry : sorted(ledger)) {
            if (entry.status() == LineStatus.HELD) {
                sendHeldTransfer(context, entry, decision);
                giveBack(context, entry, decision);
                changed.add(entry.lineId());
            } else if (entry.status() == LineStatus.TRANSFERRED) {
                giveBack(context, entry, decision);
                changed.add(entry.lineId());
            } else {
                decision.log(context.ledgerEntry(entry, SKIP_DUPLICATE, entry.status() == LineStatus.RETURNED
                        ? "stock already given back" : "already cancelled before transfer"));
            }
        }
    }

    private static void sendHeldTransfer(OrderContext context, LineLedger entry, FlowDecision.Builder decision) {
        decision.command(context.adjustStock(entry.transferCommandId(), entry.sku(), -entry.quantity(), false,
                        entry.lineId()))
                .log(context.commandEntry(TRANSFER_LINE, entry.sku(), entry.lineId(), entry.transferCommandId(),
                        entry.key(), "order " + context.order().getState() + " while its transfer was held: the"
                                + " transfer goes out with its return (a repeat of a released one is dropped)"));
    }

    /** Gives back exactly the transferred quantity, whatever the cancelled order now says. */
    private static void giveBack(OrderContext context, LineLedger entry, FlowDecision.Builder decision) {
        String commandId = DeterministicIds.returnCommandId(entry.key());
        String reason = "order " + context.order().getState() + " after transfer: give back " + entry.quantity();
        decision.command(context.adjustStock(commandId, entry.sku(), entry.quantity(), true, entry.lineId()))
                .transition(new LedgerTransition(entry, entry.returned(commandId, context.order().getUpdatedAt())))
                .log(context.commandEntry(RETURN_LINE, entry.sku(), entry.lineId(), commandId, entry.key(), reason));
    }

    private static DecisionKind alreadyDecided(LineLedger entry) {
        return entry.status() == LineStatus.BLOCKED ? SKIP_CANCELLED : SKIP_DUPLICATE;
    }

    private static String reasonFor(LineLedger entry) {
        return switch (entry.status()) {
            case TRANSFERRED -> "already transferred by command " + entry.transferCommandId();
            case HELD -> "transfer " + entry.transferCommandId() + " already decided, held until the webshops' older"
                    + " levels landed";
            // A re-opened order would need a second transfer under a new command id; not supported yet.
            case RETURNED -> "already transferred and given back; a re-opened order is not transferred again";
            case BLOCKED -> "order was cancelled before it reached the trigger; it never draws stock";
        };
    }

    /**
     * Lines whose status did not change still record the newest order version seen, so that an
     * older event arriving later (e.g. a "cancelled" overtaken by a re-opening) cannot undo it.
     */
    private static void touchUnchangedLines(Instant updatedAt, OrderLedger ledger, Set<String> changed,
                                        FlowDecision.Builder decision) {
        for (LineLedger entry : sorted(ledger)) {
            if (!changed.contains(entry.lineId()) && entry.orderUpdatedAt().isBefore(updatedAt)) {
                decision.transition(new LedgerTransition(entry, entry.withStatus(entry.status(), updatedAt)));
            }
        }
    }

    private static List<LineLedger> sorted(OrderLedger ledger) {
        return ledger.lines().values().stream().sorted(Comparator.comparing(LineLedger::lineId)).toList();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

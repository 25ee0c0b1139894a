package io.possync.engine.rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.StockChangeReason;

/**
 * Orders in the stock-syncing templates: the order-transfer rule decides each line exactly as in
 * {@link FlowTemplate#WEBSHOP_ORDERS_DRAW_POS_STOCK}; on top, a transferred line reserves its
 * quantity (until a POS level is known to include it) and a returned line releases it, and every
 * SKU whose reservations changed sends every webshop its new level in the same decision, so an
 * order in one webshop lowers the level shown in the others at once. A new transfer is held back
 * while a webshop may still receive a level decided before the order ({@link TransferHoldRules}).
 */
public final class OrderStockRules {

    private OrderStockRules() {
    }

    public static FlowDecision onOrder(OrderPlaced order, FlowConfig flow, OrderStock state) {
        if (flow.isStockMaster(order.getHeader().getConnectionId()) && order.getChannel() == SalesChannel.WEB) {
            return FlowDecision.logOnly(new OrderContext(order, flow).orderEntry(DecisionKind.SKIP_STOCK_MASTER_ORDER,
                    "the stock master's own level includes its orders; it reaches the POS as a difference"));
        }
        FlowDecision transfer = OrderTransferRules.onOrder(order, flow, state.order());
        Map<String, StockLedger> before = new LinkedHashMap<>();
        Map<String, StockLedger> after = new LinkedHashMap<>();
        Map<String, StockChangeReason> reasons = new LinkedHashMap<>();
        for (LedgerTransition transition : transfer.transitions()) {
            LineLedger line = transition.next();
            StockLedger current = after.computeIfAbsent(line.sku(), sku -> {
                StockLedger loaded = state.stockOf(flow, sku);
                before.put(sku, loaded);
                return loaded;
            });
            if (transition.expected() == null && line.status() == LineStatus.TRANSFERRED) {
                Reservation earlier = current.reservation(line.transferCommandId()).orElse(null);
                after.put(line.sku(), current.withReservation(new Reservation(line.transferCommandId(),
                        line.orderId(), line.lineId(), line.quantity(), null,
                        earlier == null ? null : earlier.hold())));
                reasons.putIfAbsent(line.sku(), StockChangeReason.ORDER_TRANSFER);
            } else if (isReturn(transition)) {
                after.put(line.sku(), current.without(line.transferCommandId()));
                reasons.put(line.sku(), StockChangeReason.ORDER_RETURN);
            }
        }
        FlowDecision.Builder levels = new FlowDecision.Builder();
        Set<String> held = new HashSet<>();
        List<StockTransition> stock = new ArrayList<>();
        for (Map.Entry<String, StockChangeReason> changed : reasons.entrySet()) {
            String sku = changed.getKey();
            StockContext context = new StockContext(order.getHeader(), order.getOrderId(), flow, sku);
            StockLedger next = StockRules.sendLevels(context, after.get(sku), changed.getValue(), "order "
                    + order.getOrderId() + (changed.getValue() == StockChangeReason.ORDER_RETURN ? " gave back stock"
                    : " reserved stock"), levels);
            next = TransferHoldRules.holdNewTransfers(order.getHeader(), flow, before.get(sku), next, transfer, held);
            if (!next.equals(before.get(sku))) {
                stock.add(new StockTransition(before.get(sku), next));
            }
        }
        return assemble(order, flow, transfer, held, levels.build(), stock);
    }

    /**
     * The order rule's decision with the transfers of {@code held} lines (transfer command ids) held back:
     * their lines recorded as HELD, their commands not sent, a TRANSFER_HELD entry instead of TRANSFER_LINE.
     */
    private static FlowDecision assemble(OrderPlaced order, FlowConfig flow, FlowDecision transfer, Set<String> held,
                                         FlowDecision levels, List<StockTransition> stock) {
        FlowDecision.Builder decision = new FlowDecision.Builder();
        transfer.commands().stream().filter(c -> !held.contains(c.getCommandId())).forEach(decision::command);
        levels.commands().forEach(decision::command);
        for (LedgerTransition transition : transfer.transitions()) {
            LineLedger line = transition.next();
            decision.transition(held.contains(line.transferCommandId()) && line.status() == LineStatus.TRANSFERRED
                    ? new LedgerTransition(transition.expected(), line.withStatus(LineStatus.HELD,
                            line.orderUpdatedAt()))
                    : transition);
        }
        OrderContext context = new OrderContext(order, flow);
        for (SyncLogEntry entry : transfer.log()) {
            if (entry.decision() != DecisionKind.TRANSFER_LINE) {
                decision.log(entry);
            } else if (held.contains(entry.commandId())) {
                decision.log(context.heldEntry(entry, TransferHoldRules.reason(stock, entry.commandId())));
            } else {
                decision.log(entry.withStockLedgerKey(DeterministicIds.stockKey(flow.tenantId(), flow.flowId(),
                        entry.subject().sku())));
            }
        }
        levels.log().forEach(decision::log);
        stock.forEach(t -> decision.stock(t.expected(), t.next()));
        return decision.build();
    }

    private static boolean isReturn(LedgerTransition transition) {
        return transition.expected() != null && transition.next().status() == LineStatus.RETURNED
                && (transition.expected().status() == LineStatus.TRANSFERRED
                        || transition.expected().status() == LineStatus.HELD);
    }

    /** The SKUs whose stock ledgers an order event may change: those of its lines and of its ledger's lines. */
    public static List<String> skusOf(OrderPlaced order, OrderLedger ledger) {
        return Stream.concat(order.getLines().stream().map(OrderLine::getSku),
                        ledger.lines().values().stream().map(LineLedger::sku))
                .filter(sku -> sku != null && !sku.isBlank()).distinct().toList();
    }
}

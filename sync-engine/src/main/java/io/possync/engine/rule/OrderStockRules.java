package io.possync.engine.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * order in one webshop lowers the level shown in the others at once.
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
        FlowDecision.Builder decision = new FlowDecision.Builder();
        transfer.commands().forEach(decision::command);
        transfer.transitions().forEach(decision::transition);
        for (SyncLogEntry entry : transfer.log()) {
            decision.log(entry.decision() == DecisionKind.TRANSFER_LINE
                    ? entry.withStockLedgerKey(DeterministicIds.stockKey(flow.tenantId(), flow.flowId(),
                            entry.subject().sku()))
                    : entry);
        }
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
                after.put(line.sku(), current.withReservation(new Reservation(line.transferCommandId(),
                        line.orderId(), line.lineId(), line.quantity(), null)));
                reasons.putIfAbsent(line.sku(), StockChangeReason.ORDER_TRANSFER);
            } else if (isReturn(transition)) {
                after.put(line.sku(), current.without(line.transferCommandId()));
                reasons.put(line.sku(), StockChangeReason.ORDER_RETURN);
            }
        }
        for (Map.Entry<String, StockChangeReason> changed : reasons.entrySet()) {
            String sku = changed.getKey();
            StockContext context = new StockContext(order.getHeader(), order.getOrderId(), flow, sku);
            StockLedger next = StockRules.sendLevels(context, after.get(sku), changed.getValue(), "order "
                    + order.getOrderId() + (changed.getValue() == StockChangeReason.ORDER_RETURN ? " gave back stock"
                    : " reserved stock"), decision);
            decision.stock(before.get(sku), next);
        }
        return decision.build();
    }

    private static boolean isReturn(LedgerTransition transition) {
        return transition.expected() != null && transition.expected().status() == LineStatus.TRANSFERRED
                && transition.next().status() == LineStatus.RETURNED;
    }

    /** The SKUs whose stock ledgers an order event may change: those of its lines and of its ledger's lines. */
    public static List<String> skusOf(OrderPlaced order, OrderLedger ledger) {
        return Stream.concat(order.getLines().stream().map(OrderLine::getSku),
                        ledger.lines().values().stream().map(LineLedger::sku))
                .filter(sku -> sku != null && !sku.isBlank()).distinct().toList();
    }
}

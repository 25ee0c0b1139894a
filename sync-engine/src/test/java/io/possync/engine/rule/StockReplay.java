package io.possync.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChanged;

/**
 * Feeds events through the rules of one flow with in-memory ledgers that apply transitions as
 * compare-and-set, as the Mongo adapters do.
 */
final class StockReplay {

    private final FlowConfig flow;
    private final Map<String, StockLedger> stock = new HashMap<>();
    private final Map<String, LineLedger> orderLines = new HashMap<>();
    private final List<ConnectorCommand> commands = new ArrayList<>();

    StockReplay(FlowConfig flow) {
        this.flow = flow;
    }

    FlowDecision stock(StockChanged event) {
        return apply(StockRules.onStockChanged(event, flow, ledger(event.getSku())));
    }

    FlowDecision order(OrderPlaced order) {
        OrderLedger orderLedger = OrderLedger.of(orderLines.values());
        Map<String, StockLedger> known = new HashMap<>();
        OrderStockRules.skusOf(order, orderLedger).stream().filter(stock::containsKey)
                .forEach(sku -> known.put(sku, stock.get(sku)));
        return apply(OrderStockRules.onOrder(order, flow, new OrderStock(orderLedger, known)));
    }

    FlowDecision applied(CommandResult result, String sku) {
        return apply(StockRules.onTransferApplied(result, flow, ledger(sku)));
    }

    StockLedger ledger(String sku) {
        return stock.getOrDefault(sku, StockLedger.empty(flow.tenantId(), flow.flowId(), sku));
    }

    /** Every level sent so far, as "target:sku=level", in order. */
    List<String> levels() {
        return commands.stream().filter(c -> c.getAction() instanceof SetStockLevel)
                .map(c -> c.getTargetConnectionId() + ":" + ((SetStockLevel) c.getAction()).getSku() + "="
                        + ((SetStockLevel) c.getAction()).getLevel())
                .toList();
    }

    /** Every POS movement so far, as "sku:delta", in order. */
    List<String> moves() {
        return commands.stream().filter(c -> c.getAction() instanceof AdjustStock)
                .filter(c -> c.getTargetConnectionId().equals(flow.posConnectionId()))
                .map(c -> ((AdjustStock) c.getAction()).getSku() + ":" + ((AdjustStock) c.getAction()).getDelta())
                .toList();
    }

    /** Every relative change of a webshop (1c: the stock master) so far, as "target:sku:delta", in order. */
    List<String> webshopAdjustments() {
        return commands.stream().filter(c -> c.getAction() instanceof AdjustStock)
                .filter(c -> !c.getTargetConnectionId().equals(flow.posConnectionId()))
                .map(c -> c.getTargetConnectionId() + ":" + ((AdjustStock) c.getAction()).getSku() + ":"
                        + ((AdjustStock) c.getAction()).getDelta())
                .toList();
    }

    List<ConnectorCommand> commands() {
        return commands;
    }

    private FlowDecision apply(FlowDecision decision) {
        for (StockTransition transition : decision.stockTransitions()) {
            StockLedger current = ledger(transition.next().sku());
            assertThat(current).as("state a stock transition was decided on").isEqualTo(transition.expected());
            StockLedger next = transition.next();
            stock.put(next.sku(), new StockLedger(next.key(), next.tenantId(), next.flowId(), next.sku(),
                    current.version() + 1, next.pos(), next.targets(), next.reservations()));
        }
        for (LedgerTransition transition : decision.transitions()) {
            assertThat(orderLines.get(transition.next().lineId())).isEqualTo(transition.expected());
            orderLines.put(transition.next().lineId(), transition.next());
        }
        commands.addAll(decision.commands());
        return decision;
    }
}

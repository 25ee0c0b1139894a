package io.possync.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.possync.engine.TestStock;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
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
    private final Set<ConnectorCommand> settled = new HashSet<>();

    FlowConfig flow() {
        return flow;
    }

    StockReplay(FlowConfig flow) {
        this.flow = flow;
    }

    FlowDecision stock(StockChanged event) {
        return apply(StockRules.onStockChanged(event, flow, ledger(event.getSku())));
    }

    FlowDecision order(OrderPlaced order) {
        OrderLedger orderLedger = OrderLedger.of(orderLines.values().stream()
                .filter(l -> l.orderId().equals(order.getOrderId())).toList());
        Map<String, StockLedger> known = new HashMap<>();
        OrderStockRules.skusOf(order, orderLedger).stream().filter(stock::containsKey)
                .forEach(sku -> known.put(sku, stock.get(sku)));
        return apply(OrderStockRules.onOrder(order, flow, new OrderStock(orderLedger, known)));
    }

    /** A connector's result of {@code command} on {@code sku}, through the result rule. */
    FlowDecision result(ConnectorCommand command, CommandStatus status, String sku) {
        return apply(StockRules.onCommandResult(TestStock.result(flow.tenantId(), command.getTargetConnectionId(),
                command.getTargetSystem(), command.getCommandId(), status, 900, Map.of()), flow, ledger(sku)));
    }

    FlowDecision applied(CommandResult result, String sku) {
        return apply(StockRules.onTransferApplied(result, flow, ledger(sku)));
    }

    FlowDecision expired(String sku, List<String> transferIds) {
        return apply(TransferHoldRules.onHoldExpired(new HoldExpired(transferIds, Duration.ofSeconds(5)), flow,
                ledger(sku)));
    }

    /**
     * The connector's result of a level command, as the engine takes it: recorded on its webshop
     * ({@link TargetStock#withResult}, what the Mongo adapter's bulk update does), then through the result rule.
     */
    FlowDecision levelResult(ConnectorCommand command, CommandStatus status) {
        return levelResult(command, status, null);
    }

    /** {@link #levelResult(ConnectorCommand, CommandStatus)} whose connector read the webshop's time of the write. */
    FlowDecision levelResult(ConnectorCommand command, CommandStatus status, Instant writtenAt) {
        SetStockLevel level = (SetStockLevel) command.getAction();
        StockLedger current = ledger(level.getSku());
        TargetStock target = current.target(command.getTargetConnectionId());
        Outcome outcome = status == CommandStatus.PARKED ? Outcome.PARKED : Outcome.APPLIED;
        TargetStock recorded = target.withResult(command.getCommandId(), outcome, level.getLevel(), writtenAt);
        if (!recorded.equals(target)) {
            stock.put(level.getSku(), bumped(current.withTarget(recorded), current.version()));
        }
        CommandResult result = TestStock.result(flow.tenantId(), command.getTargetConnectionId(),
                command.getTargetSystem(), command.getCommandId(), status, 900, Map.of("level",
                        String.valueOf(level.getLevel())));
        return apply(StockRules.onCommandResult(result, flow, ledger(level.getSku())));
    }

    /** Every level sent so far gets its result (APPLIED), in the order sent. */
    void settleLevels() {
        List<ConnectorCommand> levels = commands.stream().filter(c -> c.getAction() instanceof SetStockLevel)
                .filter(settled::add).toList();
        levels.forEach(c -> levelResult(c, CommandStatus.APPLIED));
    }

    /** A crash after the stock ledgers were written but before the order ledger: its lines are not recorded. */
    void forgetOrderLines() {
        orderLines.clear();
    }

    /** The line {@code lineId} of the first order, 1001. */
    LineLedger line(String lineId) {
        return orderLines.values().stream().filter(l -> l.orderId().equals("1001") && l.lineId().equals(lineId))
                .findFirst().orElse(null);
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
            stock.put(next.sku(), bumped(next, current.version()));
        }
        for (LedgerTransition transition : decision.transitions()) {
            assertThat(orderLines.get(transition.next().key())).isEqualTo(transition.expected());
            orderLines.put(transition.next().key(), transition.next());
        }
        commands.addAll(decision.commands());
        return decision;
    }

    private static StockLedger bumped(StockLedger next, long version) {
        return new StockLedger(next.key(), next.tenantId(), next.flowId(), next.sku(), version + 1, next.pos(),
                next.targets(), next.reservations());
    }
}

package io.possync.engine.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.ledger.LedgerConflict;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowDecision;
import io.possync.engine.rule.FlowRule;
import io.possync.engine.rule.OrderFold;
import io.possync.engine.rule.OrderLedger;
import io.possync.engine.rule.OrderStock;
import io.possync.engine.rule.OrderStockRules;
import io.possync.engine.rule.OrderTransferRules;
import io.possync.engine.rule.Reservation;
import io.possync.engine.rule.RuleTable;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.StockTransition;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.OrderPlaced;

/**
 * Runs an order event through every flow that takes it: load the order's ledger, let the rule
 * decide, carry the decision out. Blocks on Mongo and Kafka, so it runs on listener threads only.
 *
 * <p>Order of effects, chosen for the crash points between them (the event's offset is committed
 * only after all of them):
 * <ol>
 * <li>emit the commands and await the broker's ack. A crash after this re-delivers the event; the
 *     ledger still shows the old state, so the identical commands (deterministic ids) go out again
 *     and the connector drops the repeat. Recording the ledger first instead could lose a command
 *     for good: the redelivered event would find the line already transferred.</li>
 * <li>write the sync-log entries (set on insert only, deterministic ids). Before the ledger, so a
 *     crash cannot leave a transfer without its log entry.</li>
 * <li>a transfer held back ({@link io.possync.engine.rule.TransferHoldRules}; its command is not among
 *     those emitted) gets its timer entry (set on insert), so it is sent after
 *     {@code possync.engine.transfer-hold-max} at the latest. Before the stock ledger, so no hold is
 *     recorded without a timer; an entry whose hold was never recorded (a crash before the next step)
 *     finds nothing held and is forgotten.</li>
 * <li>in the flows that keep stock in step, record the stock ledgers (reservations, levels sent, holds)
 *     by compare-and-set; see {@link #decideWithStock}. A crash after this redelivers the event, which
 *     finds the reservation (held or not) and decides the line the same way (a held reservation stays
 *     held, its transfer is not emitted).</li>
 * <li>record the ledger transitions by compare-and-set. From here on a redelivery or duplicate is
 *     decided as "already done". A lost compare-and-set (a zombie consumer after a rebalance) fails
 *     the record with a retriable error; the retry decides again on fresh state.</li>
 * </ol>
 */
public class OrderFlowProcessor {

    private static final Logger log = LoggerFactory.getLogger(OrderFlowProcessor.class);

    private final MongoFlowStore flows;
    private final MongoOrderLedger ledger;
    private final MongoStockLedger stockLedger;
    private final MongoSyncLog syncLog;
    private final CommandPublisher publisher;
    private final DecisionMetrics decisions;
    private final Duration ioTimeout;
    private final StockLocks locks;
    private final MongoTransferHolds holds;
    private final Clock clock;
    private final Duration holdMax;

    public OrderFlowProcessor(MongoFlowStore flows, MongoOrderLedger ledger, MongoStockLedger stockLedger,
                              MongoSyncLog syncLog, CommandPublisher publisher, MeterRegistry meters,
                              Duration ioTimeout, StockLocks locks, MongoTransferHolds holds, Clock clock,
                              Duration holdMax) {
        this.locks = locks;
        this.holds = holds;
        this.clock = clock;
        this.holdMax = holdMax;
        this.flows = flows;
        this.ledger = ledger;
        this.stockLedger = stockLedger;
        this.syncLog = syncLog;
        this.publisher = publisher;
        this.decisions = new DecisionMetrics(meters);
        this.ioTimeout = ioTimeout;
    }

    /**
     * Decides a poll of order events. The events of the flows that only transfer orders
     * ({@link OrderFold}) are decided together: their order ledgers read at once, the events of each
     * order folded in order, then the commands of all of them sent and acked at once, one sync-log write
     * and one compare-and-set round trip, in the order of effects above. Should that fail (a lost
     * compare-and-set, Mongo or Kafka trouble, a bad event), those events are decided again one at a
     * time on fresh state, which finds what did take effect and pins a failure on the event that causes
     * it. Events of flows that keep stock in step take the stock ledgers' locks and are decided one at a
     * time ({@link #process(OrderPlaced)}). Events of different orders are independent, so only the order
     * of each order's own events is kept.
     *
     * @throws BatchFailed naming the first event not known to be carried out (those before it were)
     */
    public void process(List<OrderPlaced> events) {
        Map<String, List<FlowConfig>> flowsByTenant = new HashMap<>();
        Map<String, Folded> folded = new LinkedHashMap<>();
        List<Integer> oneByOne = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            OrderPlaced event = events.get(i);
            List<FlowConfig> taking;
            try {
                taking = flowsByTenant.computeIfAbsent(event.getHeader().getTenantId(), this::orderFlows).stream()
                        .filter(flow -> flow.takesOrdersFrom(event.getHeader().getConnectionId())).toList();
            } catch (RuntimeException e) {
                throw new BatchFailed(0, e);    // nothing of the poll was carried out yet
            }
            if (taking.isEmpty() || taking.stream().anyMatch(flow -> orderRule(flow).isEmpty())) {
                oneByOne.add(i);
                continue;
            }
            for (FlowConfig flow : taking) {
                int index = i;
                folded.computeIfAbsent(flow.tenantId() + "|" + flow.flowId() + "|" + event.getOrderId(),
                        key -> new Folded(flow, event.getOrderId(), new ArrayList<>(), new ArrayList<>()))
                        .add(event, index);
            }
        }
        if (!folded.isEmpty()) {
            try {
                carryOutFolded(List.copyOf(folded.values()));
            } catch (RuntimeException e) {
                log.debug("a poll of {} order events could not be carried out together ({}); one at a time",
                        events.size(), e.toString());
                folded.values().forEach(f -> oneByOne.addAll(f.indexes()));
            }
        }
        for (int i : oneByOne.stream().distinct().sorted().toList()) {
            try {
                process(events.get(i));
            } catch (RuntimeException e) {
                throw new BatchFailed(i, e);
            }
        }
    }

    private void carryOutFolded(List<Folded> folded) {
        Map<String, List<Folded>> byFlow = new LinkedHashMap<>();
        folded.forEach(f -> byFlow.computeIfAbsent(f.flow().tenantId() + "|" + f.flow().flowId(),
                k -> new ArrayList<>()).add(f));
        List<FlowDecision> decided = new ArrayList<>(folded.size());
        for (List<Folded> ofFlow : byFlow.values()) {
            FlowConfig flow = ofFlow.get(0).flow();
            FlowRule<OrderPlaced, OrderLedger> rule = orderRule(flow).orElseThrow();
            Map<String, OrderLedger> ledgers = ledger.loadAll(flow.tenantId(), flow.flowId(),
                    ofFlow.stream().map(Folded::orderId).toList()).block(ioTimeout);
            for (Folded order : ofFlow) {
                OrderLedger before = ledgers.getOrDefault(order.orderId(), OrderLedger.EMPTY);
                decided.add(OrderFold.fold(order.events(), flow, before, rule));
            }
        }
        carryOut(FlowDecision.combine(decided));
    }

    /** One order's events of a poll in one flow, with their positions in the poll. */
    private record Folded(FlowConfig flow, String orderId, List<OrderPlaced> events, List<Integer> indexes) {
        void add(OrderPlaced event, int index) {
            events.add(event);
            indexes.add(index);
        }
    }

    private List<FlowConfig> orderFlows(String tenantId) {
        return flows.enabledFlows(tenantId).blockOptional(ioTimeout).orElse(List.of()).stream()
                .filter(flow -> orderRule(flow).isPresent() || orderStockRule(flow).isPresent())
                .toList();
    }

    /** Decides one order event; see {@link #process(List)}. */
    public void process(OrderPlaced order) {
        String tenantId = order.getHeader().getTenantId();
        String sourceConnection = order.getHeader().getConnectionId();
        List<FlowConfig> taking = orderFlows(tenantId).stream()
                .filter(flow -> flow.takesOrdersFrom(sourceConnection))
                .toList();
        if (taking.isEmpty()) {
            carryOut(OrderTransferRules.withoutFlow(order));
            return;
        }
        for (FlowConfig flow : taking) {
            Optional<FlowRule<OrderPlaced, OrderLedger>> orderOnly = orderRule(flow);
            if (orderOnly.isPresent()) {
                carryOut(orderOnly.get().decide(order, flow, loadOrder(flow, order)));
            } else {
                decideWithStock(order, flow, orderStockRule(flow).orElseThrow());
            }
        }
    }

    /**
     * The stock ledgers are written before the order ledger: until the order ledger records the
     * transfer, a redelivery decides the transfer again and re-derives the identical reservation.
     * A stock ledger changed meanwhile by a stock event or result is decided again at once.
     */
    private void decideWithStock(OrderPlaced order, FlowConfig flow, FlowRule<OrderPlaced, OrderStock> rule) {
        // events of one order arrive in order on one partition, so its lines cannot change while we wait
        List<String> stockKeys = OrderStockRules.skusOf(order, loadOrder(flow, order)).stream()
                .map(sku -> DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), sku)).toList();
        locks.withLocks(stockKeys, () -> decideWithStockLocked(order, flow, rule));
    }

    private void decideWithStockLocked(OrderPlaced order, FlowConfig flow, FlowRule<OrderPlaced, OrderStock> rule) {
        for (int attempt = 1; ; attempt++) {
            OrderLedger state = loadOrder(flow, order);
            Map<String, StockLedger> stock = stockLedger.loadAll(flow.tenantId(), flow.flowId(),
                    OrderStockRules.skusOf(order, state)).block(ioTimeout);
            try {
                carryOut(rule.decide(order, flow, new OrderStock(state, stock)));
                return;
            } catch (LedgerConflict e) {
                if (attempt >= StockFlowProcessor.MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("{}; attempt {}", e.getMessage(), attempt);
            }
        }
    }

    /** The reservations the decision holds that were not held before, each with the end of its wait. */
    private List<MongoTransferHolds.Due> newHolds(FlowDecision decision) {
        Instant deadline = clock.instant().plus(holdMax);
        List<MongoTransferHolds.Due> due = new ArrayList<>();
        for (StockTransition transition : decision.stockTransitions()) {
            StockLedger next = transition.next();
            next.reservations().values().stream()
                    .filter(r -> r.held() && transition.expected().reservation(r.id()).filter(Reservation::held)
                            .isEmpty())
                    .forEach(r -> due.add(new MongoTransferHolds.Due(r.id(), next.tenantId(), next.flowId(),
                            next.sku(), deadline)));
        }
        return due;
    }

    private OrderLedger loadOrder(FlowConfig flow, OrderPlaced order) {
        return ledger.load(flow.tenantId(), flow.flowId(), order.getOrderId()).blockOptional(ioTimeout)
                .orElse(OrderLedger.EMPTY);
    }

    private static Optional<FlowRule<OrderPlaced, OrderLedger>> orderRule(FlowConfig flow) {
        return RuleTable.ruleFor(OrderPlaced.class, flow.template(), OrderLedger.class);
    }

    private static Optional<FlowRule<OrderPlaced, OrderStock>> orderStockRule(FlowConfig flow) {
        return RuleTable.ruleFor(OrderPlaced.class, flow.template(), OrderStock.class);
    }

    private void carryOut(FlowDecision decision) {
        publisher.publishAndAwait(decision.commands());
        syncLog.write(decision.log()).block(ioTimeout);
        holds.record(newHolds(decision)).block(ioTimeout);
        stockLedger.apply(decision.stockTransitions()).block(ioTimeout);
        ledger.apply(decision.transitions()).block(ioTimeout);
        decisions.count(decision.log());
    }
}

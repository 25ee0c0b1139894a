package io.possync.engine.flow;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowDecision;
import io.possync.engine.rule.FlowRule;
import io.possync.engine.rule.OrderLedger;
import io.possync.engine.rule.OrderTransferRules;
import io.possync.engine.rule.RuleTable;
import io.possync.engine.rule.SyncLogEntry;
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
 * <li>record the ledger transitions by compare-and-set. From here on a redelivery or duplicate is
 *     decided as "already done". A lost compare-and-set (a zombie consumer after a rebalance) fails
 *     the record with a retriable error; the retry decides again on fresh state.</li>
 * </ol>
 */
public class OrderFlowProcessor {

    private static final Logger log = LoggerFactory.getLogger(OrderFlowProcessor.class);

    private final MongoFlowStore flows;
    private final MongoOrderLedger ledger;
    private final MongoSyncLog syncLog;
    private final CommandPublisher publisher;
    private final MeterRegistry meters;
    private final Duration ioTimeout;

    public OrderFlowProcessor(MongoFlowStore flows, MongoOrderLedger ledger, MongoSyncLog syncLog,
                              CommandPublisher publisher, MeterRegistry meters, Duration ioTimeout) {
        this.flows = flows;
        this.ledger = ledger;
        this.syncLog = syncLog;
        this.publisher = publisher;
        this.meters = meters;
        this.ioTimeout = ioTimeout;
    }

    public void process(OrderPlaced order) {
        String tenantId = order.getHeader().getTenantId();
        String sourceConnection = order.getHeader().getConnectionId();
        List<FlowConfig> taking = flows.enabledFlows(tenantId).blockOptional(ioTimeout).orElse(List.of()).stream()
                .filter(flow -> flow.takesOrdersFrom(sourceConnection))
                .filter(flow -> ruleFor(flow) != null)
                .toList();
        if (taking.isEmpty()) {
            carryOut(OrderTransferRules.withoutFlow(order));
            return;
        }
        for (FlowConfig flow : taking) {
            OrderLedger state = ledger.load(tenantId, flow.flowId(), order.getOrderId())
                    .blockOptional(ioTimeout).orElse(OrderLedger.EMPTY);
            carryOut(ruleFor(flow).decide(order, flow, state));
        }
    }

    private static FlowRule<OrderPlaced, OrderLedger> ruleFor(FlowConfig flow) {
        return RuleTable.ruleFor(OrderPlaced.class, flow.template(), OrderLedger.class).orElse(null);
    }

    private void carryOut(FlowDecision decision) {
        publisher.publishAndAwait(decision.commands());
        syncLog.write(decision.log()).block(ioTimeout);
        ledger.apply(decision.transitions()).block(ioTimeout);
        for (SyncLogEntry entry : decision.log()) {
            meters.counter("possync.engine.decisions", "decision", entry.decision().name(),
                    "outcome", entry.outcome().name()).increment();
            log.debug("order {} line {}: {} ({})", entry.subject().orderId(), entry.subject().lineId(),
                    entry.decision(), entry.reason());
        }
    }
}

package io.possync.engine.flow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.ledger.LedgerConflict;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowDecision;
import io.possync.engine.rule.FlowRule;
import io.possync.engine.rule.RuleTable;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.StockRules;
import io.possync.engine.rule.SyncLogEntry;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.StockChanged;

/**
 * Runs a stock change (and an applied order transfer) through every flow that takes it: load the
 * SKU's stock ledger, let the rule decide, carry the decision out. Blocks on Mongo and Kafka, so it
 * runs on listener threads only.
 *
 * <p>Effects in the order of {@link OrderFlowProcessor}: commands (acked), sync log, then the ledger
 * by compare-and-set. A crash before the ledger write redelivers the event, which is decided again
 * on the unchanged ledger into the identical commands. Order events and command results change
 * the same documents from other threads; a lost compare-and-set is decided again at once on fresh
 * state: the levels already sent are then superseded by the corrected ones (the connectors write
 * the latest level per SKU).
 */
public class StockFlowProcessor {

    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(StockFlowProcessor.class);

    private final MongoFlowStore flows;
    private final MongoStockLedger stockLedger;
    private final MongoSyncLog syncLog;
    private final CommandPublisher publisher;
    private final MeterRegistry meters;
    private final Duration ioTimeout;
    private final StockLocks locks;

    public StockFlowProcessor(MongoFlowStore flows, MongoStockLedger stockLedger, MongoSyncLog syncLog,
                              CommandPublisher publisher, MeterRegistry meters, Duration ioTimeout, StockLocks locks) {
        this.locks = locks;
        this.flows = flows;
        this.stockLedger = stockLedger;
        this.syncLog = syncLog;
        this.publisher = publisher;
        this.meters = meters;
        this.ioTimeout = ioTimeout;
    }

    public void process(StockChanged event) {
        String tenantId = event.getHeader().getTenantId();
        String source = event.getHeader().getConnectionId();
        List<FlowConfig> taking = enabledFlows(tenantId).stream()
                .filter(flow -> flow.takesStockFrom(source))
                .filter(flow -> stockRule(flow).isPresent())
                .toList();
        if (taking.isEmpty()) {
            write(StockRules.withoutFlow(event));
            return;
        }
        for (FlowConfig flow : taking) {
            FlowRule<StockChanged, StockLedger> rule = stockRule(flow).orElseThrow();
            decideAndCarryOut(flow, event.getSku(), ledger -> rule.decide(event, flow, ledger));
        }
    }

    /** An order line's draw was applied in the POS: its reservation may now be released. */
    public void transferApplied(String tenantId, String flowId, String sku, CommandResult result) {
        Optional<FlowConfig> flow = enabledFlows(tenantId).stream()
                .filter(f -> f.flowId().equals(flowId)).findFirst();
        Optional<FlowRule<CommandResult, StockLedger>> rule = flow.flatMap(f ->
                RuleTable.ruleFor(CommandResult.class, f.template(), StockLedger.class));
        if (rule.isEmpty()) {
            log.debug("flow {} of tenant {} no longer keeps stock; transfer {} not recorded", flowId, tenantId,
                    result.getCommandId());
            return;
        }
        decideAndCarryOut(flow.get(), sku, ledger -> rule.get().decide(result, flow.get(), ledger));
    }

    private void decideAndCarryOut(FlowConfig flow, String sku, Function<StockLedger, FlowDecision> decide) {
        locks.withLocks(List.of(DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), sku)),
                () -> decideAndCarryOutLocked(flow, sku, decide));
    }

    private void decideAndCarryOutLocked(FlowConfig flow, String sku, Function<StockLedger, FlowDecision> decide) {
        for (int attempt = 1; ; attempt++) {
            StockLedger state = stockLedger.load(flow.tenantId(), flow.flowId(), sku).block(ioTimeout);
            FlowDecision decision = decide.apply(state);
            publisher.publishAndAwait(decision.commands());
            try {
                write(decision);
                stockLedger.apply(decision.stockTransitions()).block(ioTimeout);
                count(decision);
                return;
            } catch (LedgerConflict e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("{}; attempt {}", e.getMessage(), attempt);
            }
        }
    }

    private void write(FlowDecision decision) {
        syncLog.write(decision.log()).block(ioTimeout);
    }

    private void count(FlowDecision decision) {
        for (SyncLogEntry entry : decision.log()) {
            meters.counter("possync.engine.decisions", "decision", entry.decision().name(),
                    "outcome", entry.outcome().name()).increment();
            log.debug("stock {} in flow {}: {} for {} ({})", entry.subject().sku(), entry.flowId(), entry.decision(),
                    entry.targetConnectionId(), entry.reason());
        }
    }

    private List<FlowConfig> enabledFlows(String tenantId) {
        return flows.enabledFlows(tenantId).blockOptional(ioTimeout).orElse(List.of());
    }

    private static Optional<FlowRule<StockChanged, StockLedger>> stockRule(FlowConfig flow) {
        return RuleTable.ruleFor(StockChanged.class, flow.template(), StockLedger.class);
    }
}

package io.possync.engine.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import io.possync.engine.rule.StockFold;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.StockRules;
import io.possync.engine.rule.SyncLogEntry;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.StockChanged;

/**
 * Runs stock changes (a window of them at a time) through every flow that takes them: load the SKU's stock ledger, let the rule decide, carry the decision out. Blocks on
 * Mongo and Kafka, so it runs on listener threads only.
 *
 * <p>Effects in the order of {@link OrderFlowProcessor}: commands (acked), sync log, then the ledger
 * by compare-and-set. A crash before the ledger write redelivers the window, which is decided again
 * on the unchanged ledger into the identical commands. Order events and command results change
 * the same documents from other threads; a lost compare-and-set is decided again at once on fresh
 * state: the levels already sent are then superseded by the corrected ones (the connectors write
 * the latest level per SKU). Command results on the same ledgers: {@link StockResultProcessor}.
 */
public class StockFlowProcessor {

    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(StockFlowProcessor.class);

    private final MongoFlowStore flows;
    private final MongoStockLedger stockLedger;
    private final MongoSyncLog syncLog;
    private final CommandPublisher publisher;
    private final DecisionMetrics decisions;
    private final Duration ioTimeout;
    private final StockLocks locks;

    public StockFlowProcessor(MongoFlowStore flows, MongoStockLedger stockLedger, MongoSyncLog syncLog,
                              CommandPublisher publisher, MeterRegistry meters, Duration ioTimeout, StockLocks locks) {
        this.locks = locks;
        this.flows = flows;
        this.stockLedger = stockLedger;
        this.syncLog = syncLog;
        this.publisher = publisher;
        this.decisions = new DecisionMetrics(meters);
        this.ioTimeout = ioTimeout;
    }

    /**
     * Decides one coalescing window of stock changes (a poll of the stock topic): per flow and SKU the
     * rule is folded over that SKU's changes in order ({@link StockFold}), then the combined decisions
     * are carried out together: commands of all SKUs sent and acked at once, one sync-log write, one
     * compare-and-set per ledger. Ledgers whose compare-and-set was lost are decided again on fresh
     * state, so only superseding levels follow the ones already sent.
     *
     * @throws BatchFailed naming the first change not known to be carried out (those before it were)
     */
    public void process(List<StockChanged> events) {
        Map<String, List<FlowConfig>> flowsByTenant = new HashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        List<SyncLogEntry> untaken = new ArrayList<>();
        int firstUntaken = events.size();
        for (int i = 0; i < events.size(); i++) {
            StockChanged event = events.get(i);
            String source = event.getHeader().getConnectionId();
            List<FlowConfig> taking = flowsByTenant.computeIfAbsent(event.getHeader().getTenantId(),
                    this::stockFlows).stream().filter(flow -> flow.takesStockFrom(source)).toList();
            if (taking.isEmpty()) {
                untaken.addAll(StockRules.withoutFlow(event).log());
                firstUntaken = Math.min(firstUntaken, i);
            }
            for (FlowConfig flow : taking) {
                int index = i;
                groups.computeIfAbsent(DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), event.getSku()),
                        key -> new Group(flow, event.getSku(), index, new ArrayList<>())).events().add(event);
            }
        }
        int firstOfUntaken = firstUntaken;
        locks.withLocks(groups.keySet(), () -> carryOut(List.copyOf(groups.values()), untaken, firstOfUntaken));
    }

    private void carryOut(List<Group> groups, List<SyncLogEntry> untaken, int firstUntaken) {
        List<Group> pending = groups;
        List<SyncLogEntry> extraLog = untaken;
        int extraFirst = firstUntaken;
        for (int attempt = 1; !pending.isEmpty() || !extraLog.isEmpty(); attempt++) {
            int first = Math.min(extraFirst, pending.stream().mapToInt(Group::firstIndex).min().orElse(extraFirst));
            List<Group> lost;
            try {
                List<Decided> decided = decide(pending);
                publisher.publishAndAwait(decided.stream().flatMap(d -> d.decision().commands().stream()).toList());
                List<SyncLogEntry> entries = new ArrayList<>(extraLog);
                decided.forEach(d -> entries.addAll(d.decision().log()));
                syncLog.write(entries).block(ioTimeout);
                decisions.count(extraLog);
                lost = compareAndSet(decided);
            } catch (RuntimeException e) {
                throw new BatchFailed(first, e);
            }
            extraLog = List.of();
            extraFirst = Integer.MAX_VALUE;
            if (!lost.isEmpty() && attempt >= MAX_ATTEMPTS) {
                Group group = lost.get(0);
                throw new BatchFailed(lost.stream().mapToInt(Group::firstIndex).min().orElseThrow(),
                        new LedgerConflict("stock ledger " + group.key() + " kept changing concurrently"));
            }
            if (!lost.isEmpty()) {
                log.debug("{} stock ledger(s) changed concurrently; attempt {}", lost.size(), attempt);
            }
            pending = lost;
        }
    }

    private List<Decided> decide(List<Group> groups) {
        Map<String, List<Group>> byFlow = new LinkedHashMap<>();
        groups.forEach(g -> byFlow.computeIfAbsent(g.flow().tenantId() + "|" + g.flow().flowId(),
                k -> new ArrayList<>()).add(g));
        List<Decided> decided = new ArrayList<>(groups.size());
        for (List<Group> ofFlow : byFlow.values()) {
            FlowConfig flow = ofFlow.get(0).flow();
            FlowRule<StockChanged, StockLedger> rule = stockRule(flow).orElseThrow();
            Map<String, StockLedger> ledgers = stockLedger.loadAll(flow.tenantId(), flow.flowId(),
                    ofFlow.stream().map(Group::sku).toList()).block(ioTimeout);
            for (Group group : ofFlow) {
                StockLedger ledger = ledgers.getOrDefault(group.sku(),
                        StockLedger.empty(flow.tenantId(), flow.flowId(), group.sku()));
                decided.add(new Decided(group, StockFold.fold(group.events(), flow, ledger, rule)));
            }
        }
        return decided;
    }

    /** The groups whose ledger moved on since it was read; the others are done. */
    private List<Group> compareAndSet(List<Decided> decided) {
        List<Decided> lost = stockLedger.applyEach(decided, d -> d.decision().stockTransitions()).block(ioTimeout);
        Set<Decided> lostOnes = Collections.newSetFromMap(new IdentityHashMap<>());
        lostOnes.addAll(lost == null ? List.of() : lost);
        decided.stream().filter(d -> !lostOnes.contains(d)).forEach(d -> decisions.count(d.decision().log()));
        return decided.stream().filter(lostOnes::contains).map(Decided::group).toList();
    }

    private List<FlowConfig> stockFlows(String tenantId) {
        return flows.enabledFlows(tenantId).blockOptional(ioTimeout).orElse(List.of()).stream()
                .filter(flow -> stockRule(flow).isPresent()).toList();
    }

    private record Group(FlowConfig flow, String sku, int firstIndex, List<StockChanged> events) {
        String key() {
            return DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), sku);
        }
    }

    private record Decided(Group group, FlowDecision decision) {
    }

    private static Optional<FlowRule<StockChanged, StockLedger>> stockRule(FlowConfig flow) {
        return RuleTable.ruleFor(StockChanged.class, flow.template(), StockLedger.class);
    }
}

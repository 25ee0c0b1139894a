package io.possync.engine.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.ledger.LedgerConflict;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoStockLedger.LevelResult;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.rule.DecisionKind;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowDecision;
import io.possync.engine.rule.HoldExpired;
import io.possync.engine.rule.RuleTable;
import io.possync.engine.rule.StockFold;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.SyncLogEntry;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.CommandResult;

/**
 * Connectors' results on the stock ledgers, a poll at a time: the levels recorded on their webshops in one
 * bulk write, then, in steps of a few dozen SKUs under their {@link StockLocks}, per SKU the result rule
 * ({@link io.possync.engine.rule.StockRules#onCommandResult}) folded over that SKU's results, which marks
 * applied transfers, releases held transfers ({@link io.possync.engine.rule.TransferHoldRules}) and settles
 * adjustments of the stock master (1c); and the hold timer's expiries. A level result goes to the rule only
 * where the hold timer's index ({@link MongoTransferHolds#heldLedgers}) names a held transfer on its ledger:
 * elsewhere the rule has nothing to release, and most results (every level a webshop takes) need no lock
 * and no ledger read at all.
 *
 * <p>Recording a level takes no lock: it changes no state a stock decision writes
 * ({@link MongoStockLedger#recordLevelResults}). An order deciding a hold on the same SKU meanwhile either
 * read the level as confirmed (and holds nothing), or wrote its hold before this looks for holds, or loses
 * its compare-and-set on the result it did not see ({@link MongoStockLedger#apply}) and decides again.
 *
 * <p>Order of effects, for the crash points between them (the results' offsets are committed after all
 * of them): levels recorded, then per step commands (acked; a released transfer has the id the order
 * decided, so a repeat is dropped by the connector), sync log (set on insert), order-ledger lines of
 * released transfers HELD → TRANSFERRED, stock ledger by compare-and-set (clears the hold), then the
 * timer's entry is forgotten. A crash before the stock ledger write leaves the hold recorded: the
 * redelivered result (or, failing that, the timer) releases it again into the identical command. A crash
 * after it leaves at most a timer entry that finds nothing held.
 */
public class StockResultProcessor {

    private static final Logger log = LoggerFactory.getLogger(StockResultProcessor.class);

    /**
     * A connector's result concerning one SKU's stock ledger.
     *
     * @param level the level result to record on its webshop first, or null for the result of an order
     *              transfer or of an adjustment of the stock master
     */
    public record OnStock(String tenantId, String flowId, String sku, CommandResult result, LevelResult level) {
        String key() {
            return DeterministicIds.stockKey(tenantId, flowId, sku);
        }
    }

    private final MongoFlowStore flows;
    private final MongoStockLedger stockLedger;
    private final MongoOrderLedger orderLedger;
    private final MongoTransferHolds holds;
    private final MongoSyncLog syncLog;
    private final CommandPublisher publisher;
    private final DecisionMetrics decisions;
    private final Duration ioTimeout;
    private final StockLocks locks;
    private final int skusPerStep;

    /** @param skusPerStep how many SKUs' results are carried out together, under their locks ({@link #process}) */
    public StockResultProcessor(MongoFlowStore flows, MongoStockLedger stockLedger, MongoOrderLedger orderLedger,
                                MongoTransferHolds holds, MongoSyncLog syncLog, CommandPublisher publisher,
                                MeterRegistry meters, Duration ioTimeout, StockLocks locks, int skusPerStep) {
        this.flows = flows;
        this.stockLedger = stockLedger;
        this.orderLedger = orderLedger;
        this.holds = holds;
        this.syncLog = syncLog;
        this.publisher = publisher;
        this.decisions = new DecisionMetrics(meters);
        this.ioTimeout = ioTimeout;
        this.locks = locks;
        this.skusPerStep = Math.max(1, skusPerStep);
    }

    /**
     * Records a poll's levels, then carries out the results the rule takes {@code skusPerStep} SKUs at a time,
     * each step under the locks of its SKUs only: holding the locks of the hundreds of SKUs a poll can name
     * would keep the stock listeners waiting. A SKU's results stay in one step, in order; a failure fails the
     * poll, whose redelivery repeats what was done (each step is idempotent).
     */
    public void process(List<OnStock> results) {
        if (results.isEmpty()) {
            return;
        }
        List<OnStock> levels = results.stream().filter(r -> r.level() != null).toList();
        stockLedger.recordLevelResults(levels.stream().map(OnStock::level).toList()).block(ioTimeout);
        // a level result matters to the rule only where a transfer waits for it
        Set<String> held = holds.heldLedgers(levels.stream().map(OnStock::sku).toList()).block(ioTimeout);
        Map<String, List<OnStock>> bySku = new LinkedHashMap<>();
        results.stream().filter(r -> r.level() == null || held.contains(r.key()))
                .forEach(r -> bySku.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        Map<String, List<FlowConfig>> flowsByTenant = new HashMap<>();
        List<String> keys = List.copyOf(bySku.keySet());
        for (int from = 0; from < keys.size(); from += skusPerStep) {
            List<String> step = keys.subList(from, Math.min(keys.size(), from + skusPerStep));
            locks.withLocks(step, () -> carryOut(step.stream().map(key -> group(bySku.get(key), flowsByTenant))
                    .flatMap(Optional::stream).toList()));
        }
    }

    /** The rule folded over one SKU's results, in order; empty when its flow no longer keeps stock. */
    private Optional<Group> group(List<OnStock> ofSku, Map<String, List<FlowConfig>> flowsByTenant) {
        OnStock first = ofSku.get(0);
        List<CommandResult> events = ofSku.stream().map(OnStock::result).toList();
        Optional<Group> group = flow(flowsByTenant, first.tenantId(), first.flowId())
                .flatMap(flow -> RuleTable.ruleFor(CommandResult.class, flow.template(), StockLedger.class)
                        .map(rule -> new Group(flow, first.sku(), ledger -> StockFold.fold(events, flow, ledger, rule))));
        if (group.isEmpty()) {
            log.debug("flow {} of tenant {} no longer keeps stock; results on {} not recorded", first.flowId(),
                    first.tenantId(), first.sku());
        }
        return group;
    }

    /** The bounded wait of these held transfers ended: they go out now (those still held). */
    public void expire(List<MongoTransferHolds.Due> due, Duration maxWait) {
        Map<String, List<MongoTransferHolds.Due>> bySku = new LinkedHashMap<>();
        due.forEach(d -> bySku.computeIfAbsent(DeterministicIds.stockKey(d.tenantId(), d.flowId(), d.sku()),
                k -> new ArrayList<>()).add(d));
        locks.withLocks(bySku.keySet(), () -> {
            Map<String, List<FlowConfig>> flowsByTenant = new HashMap<>();
            List<Group> groups = new ArrayList<>();
            for (List<MongoTransferHolds.Due> ofSku : bySku.values()) {
                MongoTransferHolds.Due first = ofSku.get(0);
                HoldExpired expired = new HoldExpired(ofSku.stream().map(MongoTransferHolds.Due::transferId).toList(),
                        maxWait);
                flow(flowsByTenant, first.tenantId(), first.flowId())
                        .flatMap(flow -> RuleTable.ruleFor(HoldExpired.class, flow.template(), StockLedger.class)
                                .map(rule -> new Group(flow, first.sku(),
                                        ledger -> rule.decide(expired, flow, ledger))))
                        .ifPresent(groups::add);
            }
            Set<String> released = new HashSet<>();
            carryOut(groups).forEach(entry -> {
                released.add(entry.commandId());
                log.info("order {} line {} of {}: {}", entry.subject().orderId(), entry.subject().lineId(),
                        entry.subject().sku(), entry.reason());
            });
            // carryOut forgot the released ones; the others were no longer held
            holds.forget(due.stream().map(MongoTransferHolds.Due::transferId).filter(id -> !released.contains(id))
                    .toList()).block(ioTimeout);
        });
    }

    /** @return the TRANSFER_LINE entries of the transfers released */
    private List<SyncLogEntry> carryOut(List<Group> groups) {
        List<SyncLogEntry> releasedAll = new ArrayList<>();
        List<Group> pending = groups;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Map<String, StockLedger> ledgers = stockLedger.loadByKeys(pending.stream().map(Group::key).toList())
                    .block(ioTimeout);
            List<Decided> decided = pending.stream().map(g -> new Decided(g, g.decide().apply(ledgers.getOrDefault(
                    g.key(), StockLedger.empty(g.flow().tenantId(), g.flow().flowId(), g.sku()))))).toList();
            publisher.publishAndAwait(decided.stream().flatMap(d -> d.decision().commands().stream()).toList());
            List<SyncLogEntry> entries = decided.stream().flatMap(d -> d.decision().log().stream()).toList();
            syncLog.write(entries).block(ioTimeout);
            List<SyncLogEntry> released = entries.stream()
                    .filter(e -> e.decision() == DecisionKind.TRANSFER_LINE).toList();
            orderLedger.markReleased(released.stream().map(SyncLogEntry::ledgerKey).toList()).block(ioTimeout);
            List<Decided> conflicts = stockLedger.applyEach(decided, d -> d.decision().stockTransitions())
                    .block(ioTimeout);
            Set<Decided> lostOnes = Collections.newSetFromMap(new IdentityHashMap<>());
            lostOnes.addAll(conflicts == null ? List.of() : conflicts);
            List<Group> lost = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (Decided d : decided) {
                if (lostOnes.contains(d)) {
                    lost.add(d.group());
                    continue;
                }
                decisions.count(d.decision().log());
                d.decision().log().stream().filter(e -> e.decision() == DecisionKind.TRANSFER_LINE)
                        .forEach(e -> {
                            done.add(e.commandId());
                            releasedAll.add(e);
                        });
            }
            holds.forget(done).block(ioTimeout);
            if (!lost.isEmpty() && attempt >= StockFlowProcessor.MAX_ATTEMPTS) {
                throw new LedgerConflict("stock ledger " + lost.get(0).key() + " kept changing concurrently");
            }
            pending = lost;
        }
        return releasedAll;
    }

    private Optional<FlowConfig> flow(Map<String, List<FlowConfig>> byTenant, String tenantId, String flowId) {
        return byTenant.computeIfAbsent(tenantId, t -> flows.enabledFlows(t).blockOptional(ioTimeout)
                        .orElse(List.of())).stream().filter(f -> f.flowId().equals(flowId)).findFirst();
    }

    private record Group(FlowConfig flow, String sku, Function<StockLedger, FlowDecision> decide) {
        String key() {
            return DeterministicIds.stockKey(flow.tenantId(), flow.flowId(), sku);
        }
    }

    private record Decided(Group group, FlowDecision decision) {
    }
}

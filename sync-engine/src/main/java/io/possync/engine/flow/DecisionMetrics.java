package io.possync.engine.flow;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.rule.SyncLogEntry;

/**
 * Counts every decision carried out in {@code possync.engine.decisions} (by decision and outcome) and
 * logs it at debug, for the order, stock and result processors alike.
 */
final class DecisionMetrics {

    private static final Logger log = LoggerFactory.getLogger(DecisionMetrics.class);

    private final MeterRegistry meters;

    DecisionMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(List<SyncLogEntry> entries) {
        entries.forEach(this::count);
    }

    void count(SyncLogEntry entry) {
        meters.counter("possync.engine.decisions", "decision", entry.decision().name(),
                "outcome", entry.outcome().name()).increment();
        log.debug("flow {}, {}: {} for {} ({})", entry.flowId(), entry.subject(), entry.decision(),
                entry.targetConnectionId(), entry.reason());
    }
}

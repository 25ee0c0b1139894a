package io.possync.engine.rule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the flow knows of one webshop's level of one SKU.
 *
 * @param commanded       the level last sent to it (null: none, or the last one was parked); its echo is dropped
 * @param commandId       the command that sent {@code commanded}
 * @param observed        the level it last reported
 * @param observedAt      the vendor's time of {@code observed}; older reports never replace it
 * @param observedVersion the vendor's change id of {@code observed}
 * @param confirmed       the level the connector last reported as written
 * @param resultOf        the command whose result the connector reported last while it was the one last sent
 *                        ({@code commandId}): while the two differ, that level may still land in the webshop
 * @param adjustments     1c, the stock master: our relative changes counted in {@code observed} whose outcome is
 *                        not known yet, by command id (a parked one is taken out of {@code observed} again)
 */
public record TargetStock(String connectionId, Long commanded, String commandId, Long observed, Instant observedAt,
                          String observedVersion, Long confirmed, String resultOf, Map<String, Integer> adjustments) {

    public TargetStock {
        adjustments = adjustments == null ? Map.of() : Map.copyOf(adjustments);
    }

    public TargetStock(String connectionId, Long commanded, String commandId, Long observed, Instant observedAt,
                       String observedVersion, Long confirmed) {
        this(connectionId, commanded, commandId, observed, observedAt, observedVersion, confirmed, null);
    }

    public TargetStock(String connectionId, Long commanded, String commandId, Long observed, Instant observedAt,
                       String observedVersion, Long confirmed, String resultOf) {
        this(connectionId, commanded, commandId, observed, observedAt, observedVersion, confirmed, resultOf, Map.of());
    }

    static TargetStock none(String connectionId) {
        return new TargetStock(connectionId, null, null, null, null, null, null, null);
    }

    TargetStock commanded(long level, String newCommandId) {
        return new TargetStock(connectionId, level, newCommandId, observed, observedAt, observedVersion, confirmed,
                resultOf, adjustments);
    }

    /** A reported level replaces the one our outstanding adjustments were counted into. */
    TargetStock observed(long level, Instant at, String version) {
        return new TargetStock(connectionId, commanded, commandId, level, at, version, confirmed, resultOf, Map.of());
    }

    /**
     * The connector's result of {@code resultCommandId}, applied the way the Mongo adapter records it
     * ({@code MongoStockLedger#recordLevelResults}): only the result of the level last sent counts (an
     * older one is superseded by it); APPLIED confirms the written level, PARKED forgets the level so
     * the next decision sends it again.
     */
    TargetStock withResult(String resultCommandId, Outcome outcome, Long writtenLevel) {
        if (commandId == null || !commandId.equals(resultCommandId)) {
            return this;
        }
        if (outcome == Outcome.PARKED) {
            return new TargetStock(connectionId, null, null, observed, observedAt, observedVersion, confirmed,
                    resultCommandId, adjustments);
        }
        return new TargetStock(connectionId, commanded, commandId, observed, observedAt, observedVersion,
                writtenLevel != null ? writtenLevel : confirmed, resultCommandId, adjustments);
    }

    /**
     * The level last sent has no result yet: it (and any sent before it, which the connector applies
     * first) may still land in the webshop.
     */
    boolean pending() {
        return commandId != null && commanded != null && !commandId.equals(resultOf);
    }

    /**
     * 1c, the stock master: we sent it a relative change of {@code delta}, so the level it reports next
     * is compared with the level including that change; its report of our change then moves nothing.
     */
    TargetStock adjusted(int delta, String adjustCommandId) {
        Map<String, Integer> outstanding = new LinkedHashMap<>(adjustments);
        if (observed != null) {
            outstanding.put(adjustCommandId, delta);
        }
        return new TargetStock(connectionId, commanded, adjustCommandId, observed == null ? null : observed + delta,
                observedAt, observedVersion, confirmed, resultOf, outstanding);
    }

    /**
     * 1c, the stock master: the connector's outcome of our adjustment {@code adjustCommandId}. Applied, it
     * stays counted; parked, the master never changed, so it is taken out of {@code observed} again (unless a
     * report of the master replaced {@code observed} since, which then no longer counts it).
     */
    TargetStock adjustmentEnded(String adjustCommandId, boolean parked) {
        Integer delta = adjustments.get(adjustCommandId);
        if (delta == null) {
            return this;
        }
        Map<String, Integer> outstanding = new LinkedHashMap<>(adjustments);
        outstanding.remove(adjustCommandId);
        boolean last = adjustCommandId.equals(commandId);
        return new TargetStock(connectionId, commanded, parked && last ? null : commandId,
                parked ? observed - delta : observed, observedAt, observedVersion, confirmed, resultOf, outstanding);
    }

    /** 1c, the stock master: its report included our last adjustment. */
    TargetStock settled() {
        return new TargetStock(connectionId, commanded, null, observed, observedAt, observedVersion, confirmed,
                resultOf, Map.of());
    }

    /**
     * A level we sent is not confirmed yet and {@code level} is the one confirmed before it: a report of
     * the state that write is replacing (a poll may read it while the write is on its way).
     */
    boolean replacedByPendingWrite(long level) {
        return commanded != null && confirmed != null && !commanded.equals(confirmed) && confirmed == level;
    }

    /**
     * Newer wins: a report older than the stored one, or the same change seen again, is not taken. The
     * same change has the same level and either the same version or the same time (a webhook and a poll
     * name one change by different versions); a version of whole seconds, as WooCommerce's
     * {@code date_modified_gmt}, may name two levels, which are two changes.
     */
    boolean alreadyHas(Instant at, String version, long level) {
        if (observedAt == null) {
            return false;
        }
        boolean sameLevel = observed != null && observed == level;
        return at.isBefore(observedAt)
                || sameLevel && (at.equals(observedAt) || version != null && version.equals(observedVersion));
    }
}

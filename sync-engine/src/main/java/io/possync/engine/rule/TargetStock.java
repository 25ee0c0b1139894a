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
 * @param replaced        the level the write last sent replaces, as far as we know: the one confirmed when it was
 *                        sent, or the drifted level a repair overwrites
 * @param confirmedAt     the webshop's own time of the state the write of {@code confirmed} left, when its connector
 *                        reports it (WooCommerce: the product's {@code date_modified_gmt} in the write's answer)
 */
public record TargetStock(String connectionId, Long commanded, String commandId, Long observed, Instant observedAt,
                          String observedVersion, Long confirmed, String resultOf, Map<String, Integer> adjustments,
                          Long replaced, Instant confirmedAt) {

    public TargetStock {
        adjustments = adjustments == null ? Map.of() : Map.copyOf(adjustments);
    }

    public TargetStock(String connectionId, Long commanded, String commandId, Long observed, Instant observedAt,
                       String observedVersion, Long confirmed, String resultOf, Map<String, Integer> adjustments) {
        this(connectionId, commanded, commandId, observed, observedAt, observedVersion, confirmed, resultOf,
                adjustments, null, null);
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

    /** A level sent to replace the one confirmed there. */
    TargetStock commanded(long level, String newCommandId) {
        return commanded(level, newCommandId, confirmed);
    }

    /** A level sent to replace {@code replacing}. */
    TargetStock commanded(long level, String newCommandId, Long replacing) {
        return new TargetStock(connectionId, level, newCommandId, observed, observedAt, observedVersion, confirmed,
                resultOf, adjustments, replacing, confirmedAt);
    }

    /** A reported level replaces the one our outstanding adjustments were counted into. */
    TargetStock observed(long level, Instant at, String version) {
        return new TargetStock(connectionId, commanded, commandId, level, at, version, confirmed, resultOf, Map.of(),
                replaced, confirmedAt);
    }

    /**
     * The connector's result of {@code resultCommandId}, applied the way the Mongo adapter records it
     * ({@code MongoStockLedger#recordLevelResults}): only the result of the level last sent counts (an
     * older one is superseded by it); APPLIED confirms the written level, PARKED forgets the level so
     * the next decision sends it again. An applied level's time in the webshop ({@code writtenAt}, when the
     * connector reports it) is kept with it.
     */
    TargetStock withResult(String resultCommandId, Outcome outcome, Long writtenLevel, Instant writtenAt) {
        if (commandId == null || !commandId.equals(resultCommandId)) {
            return this;
        }
        if (outcome == Outcome.PARKED) {
            return new TargetStock(connectionId, null, null, observed, observedAt, observedVersion, confirmed,
                    resultCommandId, adjustments, replaced, confirmedAt);
        }
        return new TargetStock(connectionId, commanded, commandId, observed, observedAt, observedVersion,
                writtenLevel != null ? writtenLevel : confirmed, resultCommandId, adjustments, replaced,
                writtenLevel != null ? writtenAt : confirmedAt);
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
                observedAt, observedVersion, confirmed, resultOf, outstanding, replaced, confirmedAt);
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
                parked ? observed - delta : observed, observedAt, observedVersion, confirmed, resultOf, outstanding,
                replaced, confirmedAt);
    }

    /** 1c, the stock master: its report included our last adjustment. */
    TargetStock settled() {
        return new TargetStock(connectionId, commanded, null, observed, observedAt, observedVersion, confirmed,
                resultOf, Map.of(), replaced, confirmedAt);
    }

    /**
     * A level we sent is not confirmed yet and {@code level} is the one confirmed before it: a report of
     * the state that write is replacing (a poll may read it while the write is on its way).
     */
    boolean replacedByPendingWrite(long level) {
        return commanded != null && confirmed != null && !commanded.equals(confirmed) && confirmed == level;
    }

    /**
     * A report of another level than our confirmed write, not newer than that write by the webshop's own clock:
     * the state the write overwrote, whose report (a webhook built before the write, a poll read before it) was
     * overtaken by the write's result. Older is older; within one tick of a clock of whole seconds
     * (WooCommerce's {@code date_modified_gmt}) only the level the write replaced is taken as such, because
     * another level of that second may be a change made after our write, which is then repaired, not guessed away.
     */
    boolean overwrittenByConfirmedWrite(long level, Instant at) {
        if (confirmedAt == null || confirmed == null || confirmed == level) {
            return false;
        }
        return at.isBefore(confirmedAt) || at.equals(confirmedAt) && replaced != null && replaced == level;
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

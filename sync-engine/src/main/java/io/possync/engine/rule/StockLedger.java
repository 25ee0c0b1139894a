package io.possync.engine.rule;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock ledger of one SKU in one flow: the POS level, what each webshop was told and reported,
 * and the reservations of transferred order lines the POS level may not include yet.
 *
 * @param key     tenant|flowId|sku, see {@link DeterministicIds#stockKey}
 * @param version bumped by every write; 0 while the document does not exist
 * @param pos     null until the POS reported a level: nothing is derived from a missing level (rule 6)
 */
public record StockLedger(String key, String tenantId, String flowId, String sku, long version, PosLevel pos,
                          Map<String, TargetStock> targets, Map<String, Reservation> reservations) {

    public StockLedger {
        targets = Map.copyOf(targets);
        reservations = Map.copyOf(reservations);
    }

    public static StockLedger empty(String tenantId, String flowId, String sku) {
        return new StockLedger(DeterministicIds.stockKey(tenantId, flowId, sku), tenantId, flowId, sku, 0, null,
                Map.of(), Map.of());
    }

    public TargetStock target(String connectionId) {
        return targets.getOrDefault(connectionId, TargetStock.none(connectionId));
    }

    public Optional<Reservation> reservation(String id) {
        return Optional.ofNullable(reservations.get(id));
    }

    public long reserved() {
        return reservations.values().stream().mapToLong(Reservation::quantity).sum();
    }

    /**
     * The level every webshop may sell: the master level minus open reservations minus the safety
     * buffer, never below 0. The master level is the POS level, or in 1c the stock master's.
     */
    public Optional<Long> available(FlowConfig flow) {
        return masterLevel(flow).map(level -> Math.max(0, level - reserved() - flow.safetyBuffer()));
    }

    Optional<Long> masterLevel(FlowConfig flow) {
        if (flow.template() == FlowTemplate.WEBSHOP_MASTER) {
            return Optional.ofNullable(target(flow.stockMasterConnectionId()).observed());
        }
        return Optional.ofNullable(pos).map(PosLevel::level);
    }

    StockLedger withPos(PosLevel newPos) {
        return new StockLedger(key, tenantId, flowId, sku, version, newPos, targets, reservations);
    }

    StockLedger withTarget(TargetStock target) {
        Map<String, TargetStock> next = new LinkedHashMap<>(targets);
        next.put(target.connectionId(), target);
        return new StockLedger(key, tenantId, flowId, sku, version, pos, next, reservations);
    }

    StockLedger withReservation(Reservation reservation) {
        Map<String, Reservation> next = new HashMap<>(reservations);
        next.put(reservation.id(), reservation);
        return new StockLedger(key, tenantId, flowId, sku, version, pos, targets, next);
    }

    StockLedger without(String reservationId) {
        Map<String, Reservation> next = new HashMap<>(reservations);
        next.remove(reservationId);
        return new StockLedger(key, tenantId, flowId, sku, version, pos, targets, next);
    }

    /**
     * Releases the reservations a POS change includes: exactly those of the transfers that caused it
     * when the POS names them, else (by time) every one the stored POS level is known to include.
     */
    StockLedger releaseFor(List<String> causedBy) {
        if (causedBy.isEmpty()) {
            return releaseReflected();
        }
        Map<String, Reservation> open = new HashMap<>(reservations);
        open.keySet().removeAll(causedBy);
        return new StockLedger(key, tenantId, flowId, sku, version, pos, targets, open);
    }

    /** Releases every reservation the stored POS level is known to include (clock-based fallback). */
    StockLedger releaseReflected() {
        Map<String, Reservation> open = new HashMap<>(reservations);
        open.values().removeIf(r -> r.reflectedIn(pos));
        return new StockLedger(key, tenantId, flowId, sku, version, pos, targets, open);
    }
}

package io.possync.engine.rule;

import java.time.Instant;

/**
 * One transferred webshop order line whose draw on the POS is not yet known to be reflected in a
 * stored POS level, so it is subtracted from what the webshops may sell (correctness rule 2).
 *
 * @param id        the transfer command id of the line
 * @param appliedAt when the POS applied the transfer (its CommandResult); null while pending. A POS
 *                  level observed at or after this time includes the sale and releases the reservation.
 * @param hold      while the transfer itself is held back ({@link TransferHold}); null once sent
 */
public record Reservation(String id, String orderId, String lineId, int quantity, Instant appliedAt,
                          TransferHold hold) {

    public Reservation(String id, String orderId, String lineId, int quantity, Instant appliedAt) {
        this(id, orderId, lineId, quantity, appliedAt, null);
    }

    /** Applied in the POS, so certainly no longer held (even if a crash left the hold recorded). */
    Reservation applied(Instant at) {
        return new Reservation(id, orderId, lineId, quantity, at, null);
    }

    public boolean held() {
        return hold != null;
    }

    Reservation withHold(TransferHold newHold) {
        return new Reservation(id, orderId, lineId, quantity, appliedAt, newHold);
    }

    boolean reflectedIn(PosLevel pos) {
        return appliedAt != null && pos != null && !pos.changedAt().isBefore(appliedAt);
    }
}

package io.possync.engine.rule;

import java.time.Instant;

/**
 * One transferred webshop order line whose draw on the POS is not yet known to be reflected in a
 * stored POS level, so it is subtracted from what the webshops may sell (correctness rule 2).
 *
 * @param id        the transfer command id of the line
 * @param appliedAt when the POS applied the transfer (its CommandResult); null while pending. A POS
 *                  level observed at or after this time includes the sale and releases the reservation.
 */
public record Reservation(String id, String orderId, String lineId, int quantity, Instant appliedAt) {

    Reservation applied(Instant at) {
        return new Reservation(id, orderId, lineId, quantity, at);
    }

    boolean reflectedIn(PosLevel pos) {
        return appliedAt != null && pos != null && !pos.changedAt().isBefore(appliedAt);
    }
}

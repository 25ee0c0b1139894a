package io.possync.connector.zettle.client;

import java.util.List;

/**
 * Body of {@code POST /v3/movements}.
 *
 * @param identifier client-chosen UUID of the whole request, reused unchanged on every retry and re-send: the
 *                   command id for a one-command request, else derived from the ordered command ids
 */
public record ZettleMovementRequest(List<Movement> movements, String identifier) {

    public ZettleMovementRequest {
        movements = List.copyOf(movements);
    }

    /** Moves {@code change} (> 0) units of one variant from one inventory to another. */
    public record Movement(String productUuid, String variantUuid, String from, String to, int change) {
    }
}

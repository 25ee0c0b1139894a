package io.possync.connector.zettle.mapping;

import java.util.List;

import io.possync.connector.zettle.client.ZettleMovementRequest;
import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.schemas.avro.AdjustStock;

/**
 * AdjustStock → Zettle movement. Zettle cannot set a balance, only move units between inventories:
 * a decrease moves STORE→SOLD (a sale elsewhere, as a POS sale would), an increase moves SOLD→STORE
 * (a return undoes the sale), each with {@code change = |delta|}.
 */
public final class ZettleMovements {

    private ZettleMovements() {
    }

    public static ZettleMovementRequest forAdjustment(String commandId, AdjustStock adjustment, ZettleVariantRef variant,
                                                      ZettleInventories inventories) {
        return new ZettleMovementRequest(List.of(movementFor(adjustment, variant, inventories)), commandId);
    }

    public static Movement movementFor(AdjustStock adjustment, ZettleVariantRef variant, ZettleInventories inventories) {
        int delta = adjustment.getDelta();
        if (delta == 0) {
            throw new IllegalArgumentException("AdjustStock for " + adjustment.getSku() + " has delta 0");
        }
        boolean decrease = delta < 0;
        return new Movement(variant.productUuid(), variant.variantUuid(),
                decrease ? inventories.store() : inventories.sold(),
                decrease ? inventories.sold() : inventories.store(),
                Math.abs(delta));
    }
}

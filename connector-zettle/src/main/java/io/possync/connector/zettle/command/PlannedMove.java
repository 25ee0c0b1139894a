package io.possync.connector.zettle.command;

import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.connector.zettle.mapping.ZettleVariantRef;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * A command ready to be sent: its movement, and whether the variant came from a remembered mapping
 * (which may be stale, so a refusal is worth one fresh look at the library).
 */
public record PlannedMove(ConnectorCommand command, AdjustStock adjustment, Movement movement, boolean remembered) {

    public String commandId() {
        return command.getCommandId();
    }

    public ZettleVariantRef variant() {
        return new ZettleVariantRef(movement.productUuid(), movement.variantUuid());
    }

    /** The same movement made on another variant (the SKU moved there in Zettle). */
    public PlannedMove on(ZettleVariantRef variant) {
        return new PlannedMove(command, adjustment, new Movement(variant.productUuid(), variant.variantUuid(),
                movement.from(), movement.to(), movement.change()), false);
    }
}

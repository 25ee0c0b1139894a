package io.possync.connector.zettle.command;

import io.possync.common.command.CommandOutcome;
import io.possync.connector.zettle.client.ZettleRejection;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.mapping.ZettleCatalog;
import io.possync.connector.zettle.mapping.ZettleInventories;
import io.possync.connector.zettle.mapping.ZettleMovements;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;

/**
 * Turns one command into the movement Zettle needs, or into the reason it must be parked (an action
 * Zettle cannot take, an unknown or ambiguous SKU). Each command is resolved on its own, so one bad
 * command never holds up the others of its batch. Transient trouble is thrown as
 * {@link io.possync.common.http.RetriesExhaustedException}.
 */
public class ZettleCommandResolver {

    /** Either a move or a parked outcome. */
    public record Resolution(PlannedMove move, CommandOutcome parked) {
    }

    private final ZettleCatalog catalog;

    public ZettleCommandResolver(ZettleCatalog catalog) {
        this.catalog = catalog;
    }

    /** Parks what no Zettle call can help; null when the command is an AdjustStock worth resolving. */
    public static CommandOutcome refusal(ConnectorCommand command) {
        Object action = command.getAction();
        if (action instanceof SetStockLevel) {
            return CommandOutcome.parked("Zettle cannot set an absolute stock level (it takes movements only);"
                    + " SetStockLevel is not supported for Zettle targets", 0);
        }
        if (!(action instanceof AdjustStock adjustment)) {
            return CommandOutcome.parked("unsupported action " + action.getClass().getSimpleName(), 0);
        }
        if (adjustment.getDelta() == 0) {
            return CommandOutcome.parked("AdjustStock for SKU " + adjustment.getSku() + " has delta 0", 0);
        }
        return null;
    }

    public Resolution resolve(ZettleSession session, ConnectorCommand command) {
        AdjustStock adjustment = (AdjustStock) command.getAction();
        try {
            ZettleCatalog.Lookup lookup = catalog.variantFor(session, adjustment.getSku());
            if (lookup.variant() == null) {
                return new Resolution(null, CommandOutcome.parked(lookup.problem(), session.attempts()));
            }
            ZettleInventories inventories = catalog.inventoriesFor(session);
            return new Resolution(new PlannedMove(command, adjustment,
                    ZettleMovements.movementFor(adjustment, lookup.variant(), inventories), lookup.remembered()), null);
        } catch (ZettleRejection | IllegalArgumentException e) {
            return new Resolution(null, CommandOutcome.parked(e.getMessage(), session.attempts()));
        }
    }
}

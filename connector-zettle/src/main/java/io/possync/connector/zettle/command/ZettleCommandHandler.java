package io.possync.connector.zettle.command;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.connector.zettle.client.ZettleMovementRequest;
import io.possync.connector.zettle.client.ZettleRejection;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.client.ZettleSessions;
import io.possync.connector.zettle.mapping.ZettleCatalog;
import io.possync.connector.zettle.mapping.ZettleInventories;
import io.possync.connector.zettle.mapping.ZettleMovements;
import io.possync.connector.zettle.mapping.ZettleVariantRef;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;

/**
 * Applies one command to one Zettle organization and says how it ended. Transient trouble that
 * outlasts the in-process retries is thrown (the listener retries the record later); everything
 * that retrying cannot fix ends as PARKED with a readable reason.
 */
public class ZettleCommandHandler {

    private static final Logger log = LoggerFactory.getLogger(ZettleCommandHandler.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final MongoConnectionStore connections;
    private final ZettleSessions sessions;
    private final ZettleCatalog catalog;
    private final MongoAppliedCommands applied;

    public ZettleCommandHandler(MongoConnectionStore connections, ZettleSessions sessions, ZettleCatalog catalog,
                                MongoAppliedCommands applied) {
        this.connections = connections;
        this.sessions = sessions;
        this.catalog = catalog;
        this.applied = applied;
    }

    public CommandOutcome handle(ConnectorCommand command) {
        if (applied.contains(command.getCommandId())) {
            return CommandOutcome.alreadyApplied();
        }
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
        Connection connection = connections.find(command.getTargetConnectionId()).block(LOOKUP_TIMEOUT);
        if (connection == null) {
            return CommandOutcome.parked("unknown connection " + command.getTargetConnectionId(), 0);
        }
        ZettleSession session = sessions.open(connection);
        try {
            return adjust(command.getCommandId(), adjustment, session);
        } catch (ZettleRejection e) {
            return CommandOutcome.parked(e.getMessage(), session.attempts());
        } catch (IllegalArgumentException e) {
            return CommandOutcome.parked(e.getMessage(), session.attempts());
        }
    }

    private CommandOutcome adjust(String commandId, AdjustStock adjustment, ZettleSession session) {
        String sku = adjustment.getSku();
        ZettleCatalog.Lookup lookup = catalog.variantFor(session, sku);
        if (lookup.variant() == null) {
            return CommandOutcome.parked(lookup.problem(), session.attempts());
        }
        ZettleInventories inventories = catalog.inventoriesFor(session);
        ZettleMovementRequest request;
        try {
            request = move(commandId, adjustment, lookup.variant(), inventories, session);
        } catch (ZettleRejection e) {
            // A remembered mapping goes stale when the product is deleted and recreated in Zettle: read the
            // library again, and if the SKU now lives in another variant, make the same movement there once.
            catalog.forget(session.connection().id(), sku);
            if (!lookup.remembered()) {
                throw e;
            }
            ZettleCatalog.Lookup fresh = catalog.variantFor(session, sku);
            if (fresh.variant() == null) {
                return CommandOutcome.parked(fresh.problem(), session.attempts());
            }
            if (fresh.variant().equals(lookup.variant())) {
                throw e;
            }
            log.info("SKU {} moved to another Zettle variant in connection {}; retrying command {} there", sku,
                    session.connection().id(), commandId);
            request = move(commandId, adjustment, fresh.variant(), inventories, session);
        }
        return applied(commandId, sku, session, request, inventories);
    }

    private static ZettleMovementRequest move(String commandId, AdjustStock adjustment, ZettleVariantRef variant,
                                              ZettleInventories inventories, ZettleSession session) {
        ZettleMovementRequest request = ZettleMovements.forAdjustment(commandId, adjustment, variant, inventories);
        session.move(request);
        return request;
    }

    private CommandOutcome applied(String commandId, String sku, ZettleSession session,
                                   ZettleMovementRequest request, ZettleInventories inventories) {
        String connectionId = session.connection().id();
        ZettleMovementRequest.Movement movement = request.movements().get(0);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", sku);
        details.put("movements", String.valueOf(request.movements().size()));
        details.put("units", String.valueOf(movement.change()));
        details.put("direction", movement.from().equals(inventories.store()) ? "STORE->SOLD" : "SOLD->STORE");
        details.put("productUuid", movement.productUuid());
        details.put("variantUuid", movement.variantUuid());
        applied.record(commandId, connectionId, details);
        log.info("applied command {} to Zettle connection {}: {} {} units of {}", commandId, connectionId,
                details.get("direction"), movement.change(), sku);
        return CommandOutcome.applied(session.attempts(), details);
    }
}

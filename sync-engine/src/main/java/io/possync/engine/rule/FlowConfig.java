package io.possync.engine.rule;

import java.util.List;

import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SystemKind;

/**
 * One configured flow of a tenant, as the rules see it.
 *
 * @param webshopConnectionIds the connections whose orders the flow takes (sources)
 * @param posConnectionId      the POS connection whose stock the orders draw from (target)
 * @param posSystem            system of the POS connection; picks the command topic
 * @param triggerState         the state at or past which an order draws stock
 */
public record FlowConfig(String tenantId, String flowId, FlowTemplate template, List<String> webshopConnectionIds,
                         String posConnectionId, SystemKind posSystem, OrderState triggerState, boolean enabled) {

    public FlowConfig {
        webshopConnectionIds = List.copyOf(webshopConnectionIds);
    }

    public boolean takesOrdersFrom(String connectionId) {
        return enabled && webshopConnectionIds.contains(connectionId);
    }
}

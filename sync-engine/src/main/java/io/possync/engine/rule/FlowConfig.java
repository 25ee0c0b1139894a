package io.possync.engine.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SystemKind;

/**
 * One configured flow of a tenant, as the rules see it.
 *
 * @param webshopConnectionIds    the connections whose orders the flow takes (sources) and whose levels it keeps
 * @param webshopSystems          system of each webshop connection; picks the command topic of its levels
 * @param posConnectionId         the POS connection whose stock the orders draw from (target)
 * @param posSystem               system of the POS connection; picks the command topic
 * @param triggerState            the state at or past which an order draws stock
 * @param safetyBuffer            units held back from every webshop's available-to-sell level
 * @param reconcileInterval       how often the connectors' pollers compare levels (stored for them)
 * @param stockMasterConnectionId the webshop that is master of stock in {@link FlowTemplate#WEBSHOP_MASTER}, else null
 */
public record FlowConfig(String tenantId, String flowId, FlowTemplate template, List<String> webshopConnectionIds,
                         Map<String, SystemKind> webshopSystems, String posConnectionId, SystemKind posSystem,
                         OrderState triggerState, boolean enabled, int safetyBuffer, Duration reconcileInterval,
                         String stockMasterConnectionId) {

    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(5);

    public FlowConfig {
        webshopConnectionIds = List.copyOf(webshopConnectionIds);
        webshopSystems = Map.copyOf(webshopSystems);
    }

    /** A flow without stock settings: no known webshop systems, no buffer, default reconciliation. */
    public FlowConfig(String tenantId, String flowId, FlowTemplate template, List<String> webshopConnectionIds,
                      String posConnectionId, SystemKind posSystem, OrderState triggerState, boolean enabled) {
        this(tenantId, flowId, template, webshopConnectionIds, Map.of(), posConnectionId, posSystem, triggerState,
                enabled, 0, DEFAULT_RECONCILE_INTERVAL, null);
    }

    public boolean takesOrdersFrom(String connectionId) {
        return enabled && webshopConnectionIds.contains(connectionId);
    }

    /** Whether a stock event observed in {@code connectionId} concerns this flow. */
    public boolean takesStockFrom(String connectionId) {
        return enabled && template.syncsStock()
                && (posConnectionId.equals(connectionId) || webshopConnectionIds.contains(connectionId));
    }

    public boolean isStockMaster(String connectionId) {
        return template == FlowTemplate.WEBSHOP_MASTER && connectionId.equals(stockMasterConnectionId);
    }

    /** The webshops whose level the flow sets: all of them, except the stock master itself in 1c. */
    public List<String> levelTargets() {
        return webshopConnectionIds.stream().filter(id -> !isStockMaster(id)).toList();
    }
}

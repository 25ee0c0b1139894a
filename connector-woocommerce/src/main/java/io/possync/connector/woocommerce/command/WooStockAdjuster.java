package io.possync.connector.woocommerce.command;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.BatchCommandDispatcher.GroupOutcome;
import io.possync.common.command.CommandOutcome;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.mapping.WooProductRef;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import tools.jackson.databind.JsonNode;

/**
 * Applies AdjustStock (1c: a POS sale reaching a WooCommerce store that is master of stock). The REST
 * API has no relative stock change, so each adjustment reads the product (or variation) and writes
 * {@code stock_quantity = read + delta}. This is racy: a shop sale between our read and our write is
 * overwritten (WooCommerce offers no compare-and-set on stock either), so the window is kept to one
 * read and one write per command, and the reconciliation poll is the safety net for what slips through.
 * Nothing is written from a product whose stock is not managed or whose quantity is missing (rule 6).
 */
public class WooStockAdjuster {

    private static final Logger log = LoggerFactory.getLogger(WooStockAdjuster.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final MongoConnectionStore connections;
    private final WooCommerceClient client;
    private final WooSkuResolver resolver;
    private final MongoWooAdjustments adjustments;
    private final int listenerRetries;

    public WooStockAdjuster(MongoConnectionStore connections, WooCommerceClient client, WooSkuResolver resolver,
                            MongoWooAdjustments adjustments, int listenerRetries) {
        this.connections = connections;
        this.client = client;
        this.resolver = resolver;
        this.adjustments = adjustments;
        this.listenerRetries = listenerRetries;
    }

    /** @param commands distinct AdjustStock commands of one connection, in delivery order */
    public GroupOutcome handle(String connectionId, List<ConnectorCommand> commands,
                               ToIntFunction<String> deliveryAttempt) {
        Map<String, CommandOutcome> outcomes = new LinkedHashMap<>();
        Map<String, MongoWooAdjustments.Recorded> recorded = adjustments.find(
                commands.stream().map(ConnectorCommand::getCommandId).toList());
        Connection store = connections.find(connectionId).block(LOOKUP_TIMEOUT);
        for (ConnectorCommand command : commands) {
            AdjustStock adjustment = (AdjustStock) command.getAction();
            MongoWooAdjustments.Recorded known = recorded.get(command.getCommandId());
            if (known != null && known.applied()) {
                outcomes.put(command.getCommandId(), CommandOutcome.alreadyApplied("adjusted before",
                        details(adjustment, known.target())));
            } else if (store == null) {
                outcomes.put(command.getCommandId(), CommandOutcome.parked("unknown connection " + connectionId, 0));
            } else {
                try {
                    outcomes.put(command.getCommandId(), adjust(store, command, adjustment, known));
                } catch (RetriesExhaustedException e) {
                    if (deliveryAttempt.applyAsInt(command.getCommandId()) <= listenerRetries) {
                        return new GroupOutcome(outcomes, e);
                    }
                    outcomes.put(command.getCommandId(), CommandOutcome.parked("WooCommerce kept failing: "
                            + e.getMessage(), e.attempts(), details(adjustment, null)));
                } catch (HttpStatusException e) {
                    outcomes.put(command.getCommandId(), CommandOutcome.parked("WooCommerce refused the adjustment of "
                            + adjustment.getSku() + ": HTTP " + e.status(), 1, details(adjustment, null)));
                }
            }
        }
        return new GroupOutcome(outcomes, null);
    }

    private CommandOutcome adjust(Connection store, ConnectorCommand command, AdjustStock adjustment,
                                  MongoWooAdjustments.Recorded known) {
        String sku = adjustment.getSku();
        WooProductRef ref = resolver.resolve(store, List.of(sku)).get(sku);
        if (ref == null) {
            return CommandOutcome.parked("SKU " + sku + " matches no product or variation in the store", 1,
                    details(adjustment, null));
        }
        String path = ref.variation() ? "/products/" + ref.productId() + "/variations/" + ref.variationId()
                : "/products/" + ref.productId();
        long target;
        if (known != null) {
            target = known.target();
            log.info("WooCommerce {}: re-writing level {} of unconfirmed adjustment {}", store.id(), target,
                    command.getCommandId());
        } else {
            JsonNode product = client.get(store, path, List.of()).body();
            JsonNode quantity = product.path("stock_quantity");
            if (!product.path("manage_stock").asBoolean(false) || !quantity.isNumber()) {
                return CommandOutcome.parked("stock of SKU " + sku + " is not managed in WooCommerce (no quantity to"
                        + " adjust)", 1, details(adjustment, null));
            }
            target = quantity.asLong() + adjustment.getDelta();
            adjustments.sending(store.id(), command.getCommandId(), sku, quantity.asLong(), adjustment.getDelta());
        }
        client.put(store, path, Map.of("manage_stock", true, "stock_quantity", target));
        adjustments.applied(command.getCommandId());
        return CommandOutcome.applied(1, details(adjustment, target));
    }

    private static Map<String, String> details(AdjustStock adjustment, Long levelAfter) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", adjustment.getSku());
        details.put("delta", Integer.toString(adjustment.getDelta()));
        if (levelAfter != null) {
            details.put("levelAfter", Long.toString(levelAfter));
        }
        return details;
    }
}

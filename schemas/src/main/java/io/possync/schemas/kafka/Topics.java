package io.possync.schemas.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.ProductChanged;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;

/**
 * The one catalogue of every topic the platform uses, with its record type and key. Nothing else
 * in the code base spells a topic name.
 */
public final class Topics {

    /** Verified raw webhook deliveries, published by the gateway, normalized by each vendor's connector. */
    public static final Topic<WebhookEnvelope> WEBHOOKS_INBOUND =
            new Topic<>("webhooks.inbound", WebhookEnvelope.class, "connection id");
    /**
     * Header of every {@link #WEBHOOKS_INBOUND} record: the vendor's {@link SystemKind} name, so that each
     * connector leaves the other vendors' deliveries undecoded ({@link AvroSingleObjectDeserializer#ONLY_HEADER}).
     */
    public static final String SYSTEM_HEADER = "possync-system";
    /** Order state changes from every sales channel. */
    public static final Topic<OrderPlaced> ORDER_EVENTS =
            new Topic<>("events.orders", OrderPlaced.class, "tenant|order id");
    /** Product changes from every system. */
    public static final Topic<ProductChanged> PRODUCT_EVENTS =
            new Topic<>("events.products", ProductChanged.class, "tenant|sku");
    /** Stock level changes from every system. */
    public static final Topic<StockChanged> STOCK_EVENTS =
            new Topic<>("events.stock", StockChanged.class, "tenant|sku");
    /** Outcome of every command, reported by connectors to the engine. */
    public static final Topic<CommandResult> COMMAND_RESULTS =
            new Topic<>("command.results", CommandResult.class, "target connection id");

    private static final List<SystemKind> COMMAND_TARGETS =
            List.of(SystemKind.ZETTLE, SystemKind.SHOPIFY, SystemKind.WOOCOMMERCE);

    private Topics() {
    }

    /**
     * Commands for one system family; keyed by target connection id so that one consumer owns one
     * external account at a time (exact rate limiting, ordered writes).
     */
    public static Topic<ConnectorCommand> commands(SystemKind system) {
        if (!COMMAND_TARGETS.contains(system)) {
            throw new IllegalArgumentException("no command topic for " + system);
        }
        return new Topic<>("commands." + system.name().toLowerCase(Locale.ROOT), ConnectorCommand.class,
                "target connection id");
    }

    /** Every topic, including the command topics and each consumed topic's dead-letter twin. */
    public static List<Topic<?>> all() {
        List<Topic<?>> consumed = new ArrayList<>(List.of(WEBHOOKS_INBOUND, ORDER_EVENTS, PRODUCT_EVENTS,
                STOCK_EVENTS, COMMAND_RESULTS));
        COMMAND_TARGETS.forEach(s -> consumed.add(commands(s)));
        List<Topic<?>> all = new ArrayList<>(consumed);
        consumed.forEach(t -> all.add(t.dlt()));
        return List.copyOf(all);
    }

    /** Record key of an event about one canonical entity of a tenant (order id, SKU). */
    public static String eventKey(String tenantId, String canonicalKey) {
        return tenantId + "|" + canonicalKey;
    }
}

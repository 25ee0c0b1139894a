package io.possync.connector.woocommerce.poll;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.http.HttpStatusException;
import io.possync.common.poll.ConnectionPoll;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.client.WooResponse;
import io.possync.connector.woocommerce.config.WooCommerceProperties;
import io.possync.connector.woocommerce.mapping.WooDates;
import io.possync.connector.woocommerce.mapping.WooOrderNormalizer;
import io.possync.connector.woocommerce.mapping.WooSource;
import io.possync.connector.woocommerce.webhook.KafkaWooEvents;
import io.possync.schemas.avro.OrderPlaced;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation poll of one store's orders (WooCommerce never retries a failed webhook, and
 * Action Scheduler may hold deliveries for hours). Each run reads
 * {@code GET /orders?modified_after=<watermark - overlap>&dates_are_gmt=true&orderby=modified&order=asc}
 * page by page and publishes the same OrderPlaced the webhook path makes (same event ids), so a
 * version seen both ways is one event. The watermark moves only after a page's events are acked.
 * Scheduled per store by the connector's orders {@code PollScheduler}.
 */
public class WooOrderPoller implements ConnectionPoll {

    private static final Logger log = LoggerFactory.getLogger(WooOrderPoller.class);

    private final WooCommerceClient client;
    private final WooOrderNormalizer normalizer;
    private final KafkaWooEvents events;
    private final MongoPollCursors cursors;
    private final WooCommerceProperties properties;
    private final Clock clock;

    public WooOrderPoller(WooCommerceClient client, WooOrderNormalizer normalizer, KafkaWooEvents events,
                          MongoPollCursors cursors, WooCommerceProperties properties, Clock clock) {
        this.client = client;
        this.normalizer = normalizer;
        this.events = events;
        this.cursors = cursors;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public int poll(Connection store) {
        return pollOrders(store);
    }

    /** One poll of one store; answers how many orders were published. */
    public int pollOrders(Connection store) {
        String cursorId = store.id() + "|orders";
        Optional<Instant> watermark = cursors.watermark(cursorId);
        Instant from = watermark.orElseGet(() -> clock.instant().minus(properties.pollInitialLookback()))
                .minus(properties.pollOverlap());
        try {
            return poll(store, cursorId, from, true);
        } catch (HttpStatusException e) {
            if (e.status() != 400) {
                throw e;
            }
            // orderby=modified is refused by stores that predate it (UNCONFIRMED which): read by id
            // instead, and move the watermark only once every page is in
            log.info("store {} refused orderby=modified ({}); polling in id order", store.id(), e.getMessage());
            return poll(store, cursorId, from, false);
        }
    }

    private int poll(Connection store, String cursorId, Instant from, boolean sortedByModified) {
        WooSource source = new WooSource(store.tenantId(), store.id(), null);
        Instant newest = null;
        int published = 0;
        for (int page = 1; ; page++) {
            WooResponse response = client.get(store, "/orders", List.of(
                    Map.entry("modified_after", WooDates.formatGmt(from)),
                    Map.entry("dates_are_gmt", "true"),
                    Map.entry("orderby", sortedByModified ? "modified" : "id"),
                    Map.entry("order", "asc"),
                    Map.entry("per_page", Integer.toString(properties.pollPageSize())),
                    Map.entry("page", Integer.toString(page))));
            List<OrderPlaced> orders = new ArrayList<>();
            for (JsonNode order : response.body()) {
                normalizer.normalize(order, source).ifPresent(orders::add);
                Instant modified = modified(order);
                if (modified != null && (newest == null || modified.isAfter(newest))) {
                    newest = modified;
                }
            }
            events.publishOrders(orders);
            published += orders.size();
            if (sortedByModified && newest != null) {
                cursors.advance(cursorId, newest);
            }
            if (!response.hasPageAfter(page) || response.body().isEmpty()) {
                break;
            }
        }
        if (!sortedByModified && newest != null) {
            cursors.advance(cursorId, newest);
        }
        log.debug("orders poll of {} from {} published {} orders", store.id(), from, published);
        return published;
    }

    private static Instant modified(JsonNode order) {
        JsonNode value = order.get("date_modified_gmt");
        return value == null || !value.isString() ? null : WooDates.parseGmt(value.stringValue(), "date_modified_gmt");
    }
}

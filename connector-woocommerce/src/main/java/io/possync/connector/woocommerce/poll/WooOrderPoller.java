package io.possync.connector.woocommerce.poll;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.HttpStatusException;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.client.WooResponse;
import io.possync.connector.woocommerce.config.WooCommerceProperties;
import io.possync.connector.woocommerce.mapping.WooDates;
import io.possync.connector.woocommerce.mapping.WooOrderNormalizer;
import io.possync.connector.woocommerce.mapping.WooSource;
import io.possync.connector.woocommerce.webhook.KafkaWooEvents;
import io.possync.schemas.avro.OrderPlaced;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation poll of every store's orders (WooCommerce never retries a failed webhook, and
 * Action Scheduler may hold deliveries for hours). Each run reads
 * {@code GET /orders?modified_after=<watermark - overlap>&dates_are_gmt=true&orderby=modified&order=asc}
 * page by page and publishes the same OrderPlaced the webhook path makes (same event ids), so a
 * version seen both ways is one event. The watermark moves only after a page's events are acked.
 */
public class WooOrderPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WooOrderPoller.class);

    private final MongoDatabase database;
    private final MongoConnectionStore connections;
    private final WooCommerceClient client;
    private final WooOrderNormalizer normalizer;
    private final KafkaWooEvents events;
    private final MongoPollCursors cursors;
    private final MongoPollLeases leases;
    private final WooCommerceProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;

    public WooOrderPoller(MongoDatabase database, MongoConnectionStore connections, WooCommerceClient client,
                          WooOrderNormalizer normalizer, KafkaWooEvents events, MongoPollCursors cursors,
                          MongoPollLeases leases, WooCommerceProperties properties, Clock clock, MeterRegistry meters) {
        this.database = database;
        this.connections = connections;
        this.client = client;
        this.normalizer = normalizer;
        this.events = events;
        this.cursors = cursors;
        this.leases = leases;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** Polls every store whose lease this instance holds or can take; one store's trouble never stops the others. */
    public void pollAll() {
        for (String connectionId : wooConnectionIds()) {
            try {
                if (!leases.tryAcquire(leaseId(connectionId), properties.pollLease())) {
                    log.debug("orders poll of {} is owned by another instance", connectionId);
                    continue;
                }
                Connection store = connections.find(connectionId).block(Duration.ofSeconds(10));
                if (store != null) {
                    pollOrders(store);
                }
            } catch (RuntimeException e) {
                meters.counter("possync.poll.failures", "system", "woocommerce").increment();
                log.warn("orders poll of WooCommerce connection {} failed: {}", connectionId, e.getMessage(), e);
            }
        }
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
        meters.counter("possync.poll.orders", "system", "woocommerce").increment(published);
        log.debug("orders poll of {} from {} published {} orders", store.id(), from, published);
        return published;
    }

    private static Instant modified(JsonNode order) {
        JsonNode value = order.get("date_modified_gmt");
        return value == null || !value.isString() ? null : WooDates.parseGmt(value.stringValue(), "date_modified_gmt");
    }

    private List<String> wooConnectionIds() {
        List<String> ids = Flux.from(database.getCollection(MongoConnectionStore.COLLECTION)
                        .find(eq("system", "woocommerce")).projection(Projections.include("_id")))
                .map(doc -> doc.getString("_id")).collectList().block(Duration.ofSeconds(10));
        return ids == null ? List.of() : ids;
    }

    private static String leaseId(String connectionId) {
        return connectionId + "|orders";
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "woocommerce-orders-poll");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

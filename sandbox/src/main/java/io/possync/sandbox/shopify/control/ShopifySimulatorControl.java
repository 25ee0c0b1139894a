package io.possync.sandbox.shopify.control;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.possync.sandbox.shopify.graphql.InventoryAdjustQuantitiesMutation;
import io.possync.sandbox.shopify.graphql.InventorySetQuantitiesMutation;
import io.possync.sandbox.shopify.graphql.LeakyBucket;
import io.possync.sandbox.shopify.graphql.ShopifyGraphqlExecutor;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;
import io.possync.sandbox.shopify.order.NewOrder;
import io.possync.sandbox.shopify.order.ShopifyOrderBook;
import io.possync.sandbox.shopify.order.ShopifyOrderPayloads;
import io.possync.sandbox.shopify.order.SimLineItem;
import io.possync.sandbox.shopify.order.SimOrder;
import io.possync.sandbox.shopify.webhook.DeliveryLog;
import io.possync.sandbox.shopify.webhook.ShopifyWebhookDispatcher;
import io.possync.sandbox.shopify.webhook.WebhookDelivery;
import io.possync.sandbox.shopify.webhook.WebhookSubscription;
import io.possync.sandbox.shopify.webhook.WebhookSubscriptions;
import io.possync.sandbox.shopify.webhook.WebhookTopics;

/** The simulator's control API (not part of Shopify's); see the package documentation. */
@RestController
@RequestMapping("/sim")
public class ShopifySimulatorControl {

    private final ShopifyOrderBook orders;
    private final ShopifyOrderPayloads payloads;
    private final ShopifyWebhookDispatcher dispatcher;
    private final WebhookSubscriptions subscriptions;
    private final DeliveryLog deliveries;
    private final ShopifyGraphqlExecutor graphql;
    private final ShopifyInventory inventory;
    private final InventorySetQuantitiesMutation inventorySets;
    private final InventoryAdjustQuantitiesMutation inventoryAdjustments;
    private final Clock clock;

    public ShopifySimulatorControl(ShopifyOrderBook orders, ShopifyOrderPayloads payloads,
                                   ShopifyWebhookDispatcher dispatcher, WebhookSubscriptions subscriptions,
                                   DeliveryLog deliveries, ShopifyGraphqlExecutor graphql, ShopifyInventory inventory,
                                   InventorySetQuantitiesMutation inventorySets,
                                   InventoryAdjustQuantitiesMutation inventoryAdjustments, Clock clock) {
        this.inventory = inventory;
        this.inventorySets = inventorySets;
        this.inventoryAdjustments = inventoryAdjustments;
        this.orders = orders;
        this.payloads = payloads;
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.graphql = graphql;
        this.clock = clock;
    }

    /** Body of {@code POST /sim/subscriptions}; the topic in either spelling (orders/create, ORDERS_CREATE). */
    public record NewSubscription(String topic, String address) {
    }

    /** Body of {@code POST /sim/graphql/bucket}; absent fields keep their value. */
    public record BucketChange(Integer size, Integer restoreRate, Integer currentlyAvailable) {
    }

    public record DropRequest(int count) {
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> createOrder(@RequestBody NewOrder request,
                                           @RequestParam(defaultValue = "1") int duplicates) {
        int copies = copies(duplicates);
        SimOrder order = orders.create(request);
        inventory.orderPlaced(unitsBySku(order), order.pos());
        Map<String, Object> payload = payloads.order(order);
        dispatcher.emit("orders/create", payload, copies);
        if ("paid".equals(order.financialStatus())) {
            dispatcher.emit("orders/paid", payload, copies);
        }
        dispatcher.emit("orders/updated", payload, copies);
        return payload;
    }

    @PostMapping("/orders/{id}/pay")
    public Map<String, Object> pay(@PathVariable long id, @RequestParam(defaultValue = "1") int duplicates) {
        int copies = copies(duplicates);
        SimOrder order = orders.update(id, o -> {
            if (o.cancelled() || "paid".equals(o.financialStatus())) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "order " + id + " is "
                        + (o.cancelled() ? "cancelled" : "already paid"));
            }
            return o.paid(clock.instant());
        }).orElseThrow(() -> notFound(id));
        Map<String, Object> payload = payloads.order(order);
        dispatcher.emit("orders/paid", payload, copies);
        dispatcher.emit("orders/updated", payload, copies);
        return payload;
    }

    @PostMapping("/orders/{id}/cancel")
    public Map<String, Object> cancel(@PathVariable long id, @RequestParam(defaultValue = "1") int duplicates,
                                      @RequestParam(defaultValue = "customer") String reason) {
        int copies = copies(duplicates);
        SimOrder order = orders.update(id, o -> {
            if (o.cancelled()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "order " + id + " is already cancelled");
            }
            return o.cancelled(clock.instant(), reason);
        }).orElseThrow(() -> notFound(id));
        if (!order.pos()) {
            inventory.orderCancelled(unitsBySku(order));
        }
        Map<String, Object> payload = payloads.order(order);
        dispatcher.emit("orders/cancelled", payload, copies);
        dispatcher.emit("orders/updated", payload, copies);
        return payload;
    }

    @GetMapping("/orders")
    public List<Map<String, Object>> orders() {
        return payloads.orders(orders.all());
    }

    @PostMapping("/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    public WebhookSubscription subscribe(@RequestBody NewSubscription request) {
        String topic = WebhookTopics.parse(request.topic()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown topic " + request.topic()));
        if (request.address() == null || request.address().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "address is required");
        }
        return subscriptions.add(topic, request.address()).orElseGet(() -> subscriptions.forTopic(topic).stream()
                .filter(s -> s.address().equals(request.address())).findFirst().orElseThrow());
    }

    @GetMapping("/subscriptions")
    public List<WebhookSubscription> subscriptions() {
        return subscriptions.all();
    }

    @GetMapping("/deliveries")
    public List<WebhookDelivery> deliveries() {
        return deliveries.all();
    }

    /** The next {@code count} deliveries are lost (never sent, state DROPPED), as a webhook that never reaches us. */
    @PostMapping("/webhooks/drop-next")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void dropNext(@RequestBody DropRequest request) {
        dispatcher.dropNext(request.count());
    }

    @DeleteMapping("/webhooks/drop-next")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void keepDelivering() {
        dispatcher.dropNext(0);
    }

    /** The next {@code count} deliveries are held (state PENDING) until released. */
    @PostMapping("/webhooks/hold-next")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void holdNext(@RequestBody DropRequest request) {
        dispatcher.holdNext(request.count());
    }

    /** Sends the held deliveries newest first, one after the other, as Shopify may deliver them. */
    @PostMapping("/webhooks/release-held")
    public Map<String, Integer> releaseHeld() {
        return Map.of("released", dispatcher.releaseHeld());
    }

    @PostMapping("/graphql/bucket")
    public LeakyBucket.Status bucket(@RequestBody BucketChange change) {
        LeakyBucket bucket = graphql.bucket();
        LeakyBucket.Status now = bucket.status();
        bucket.configure(change.size() == null ? now.maximumAvailable() : change.size(),
                change.restoreRate() == null ? now.restoreRate() : change.restoreRate(),
                change.currentlyAvailable() == null ? now.currentlyAvailable() : change.currentlyAvailable());
        return bucket.status();
    }

    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void reset() {
        dispatcher.reset();
        orders.reset();
        subscriptions.reset();
        deliveries.reset();
        graphql.resetBucket();
        graphql.resetStats();
        inventory.reset();
        inventorySets.reset();
        inventoryAdjustments.reset();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, Object> badRequest(IllegalArgumentException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        return body;
    }

    private static Map<String, Integer> unitsBySku(SimOrder order) {
        return order.lines().stream().filter(l -> l.sku() != null)
                .collect(Collectors.toMap(SimLineItem::sku, SimLineItem::quantity, Integer::sum, LinkedHashMap::new));
    }

    private static int copies(int duplicates) {
        if (duplicates < 1 || duplicates > 100) {
            throw new IllegalArgumentException("duplicates must be between 1 and 100");
        }
        return duplicates;
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id);
    }
}

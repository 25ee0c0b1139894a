package io.possync.sandbox.woocommerce;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The control API under {@code /sim} (tests and the demo; not WooCommerce's API). See package-info. */
@RestController
@RequestMapping("/sim")
class WooControlController {

    record CredentialRequest(String consumerKey, String consumerSecret) {
    }

    record VariationRequest(String sku, Integer stock, String price) {
    }

    record ProductRequest(String name, String sku, Integer stock, String price, List<VariationRequest> variations) {
    }

    record LineRequest(String sku, int quantity, String price) {
    }

    record OrderRequest(List<LineRequest> lines, String status, Boolean setPaid, String email) {
    }

    record StatusRequest(String status) {
    }

    record CountRequest(int count) {
    }

    record FaultRequest(String method, String pathPrefix, int status, Integer times, String body, String retryAfter) {
    }

    record ItemErrorRequest(String sku, String code, String message, Integer times) {
    }

    private final WooStore store;
    private final WooResources resources;
    private final WooAuthority authority;
    private final WooWebhooks webhooks;
    private final FaultInjector faults;
    private final WooGateFilter gate;
    private final WooSimulatorProperties properties;

    WooControlController(WooStore store, WooResources resources, WooAuthority authority, WooWebhooks webhooks,
                         FaultInjector faults, WooGateFilter gate, WooSimulatorProperties properties) {
        this.store = store;
        this.resources = resources;
        this.authority = authority;
        this.webhooks = webhooks;
        this.faults = faults;
        this.gate = gate;
        this.properties = properties;
    }

    @PostMapping("/credentials")
    ResponseEntity<Void> credentials(@RequestBody CredentialRequest request) {
        authority.accept(request.consumerKey(), request.consumerSecret());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/products")
    ResponseEntity<Object> product(@RequestBody ProductRequest request) {
        if (request.name() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "name is required"));
        }
        List<WooStore.NewVariation> variations = request.variations() == null ? List.of()
                : request.variations().stream().map(v -> new WooStore.NewVariation(v.sku(), v.stock(), v.price())).toList();
        SimProduct product = store.createProduct(request.name(), request.sku(), request.stock(), request.price(),
                variations);
        synchronized (store) {
            return ResponseEntity.status(HttpStatus.CREATED).body(resources.product(product));
        }
    }

    @GetMapping("/stock")
    Map<String, Integer> stock() {
        return store.stockBySku();
    }

    @GetMapping("/stock-writes")
    List<WooStore.StockWrite> stockWrites() {
        return store.stockWrites();
    }

    /** A checkout: lines by SKU; {@code status} (default pending, or processing with setPaid) as it ends up. */
    @PostMapping("/orders")
    ResponseEntity<Object> order(@RequestBody OrderRequest request) {
        if (request.lines() == null || request.lines().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "at least one line is required"));
        }
        String status = request.status() != null ? request.status()
                : Boolean.TRUE.equals(request.setPaid()) ? "processing" : "pending";
        SimOrder order = store.createOrder(request.lines().stream()
                .map(l -> new WooStore.NewLine(l.sku(), l.quantity(), l.price())).toList(), status, request.email());
        synchronized (store) {
            return ResponseEntity.status(HttpStatus.CREATED).body(resources.order(order));
        }
    }

    @PostMapping("/orders/{id}/status")
    ResponseEntity<Object> status(@PathVariable long id, @RequestBody StatusRequest request) {
        SimOrder order = store.order(id).orElseThrow(WooRestController::noOrder);
        store.setStatus(order, request.status());
        synchronized (store) {
            return ResponseEntity.ok(resources.order(order));
        }
    }

    @PostMapping("/webhooks/drop-next")
    ResponseEntity<Void> dropNext(@RequestBody CountRequest request) {
        webhooks.dropNext(request.count());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/webhooks/drop-next")
    ResponseEntity<Void> keepDelivering() {
        webhooks.keepDelivering();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/deliveries")
    List<WooWebhooks.DeliveryRecord> deliveries() {
        return webhooks.deliveries();
    }

    @PostMapping("/faults")
    ResponseEntity<Object> fault(@RequestBody FaultRequest request) {
        if (request.pathPrefix() == null || request.status() < 400 || request.status() > 599) {
            return ResponseEntity.badRequest().body(Map.of("error", "pathPrefix and a 4xx/5xx status are required"));
        }
        faults.arm(new FaultInjector.Fault(request.method(), request.pathPrefix(), request.status(),
                request.times() == null ? 1 : request.times(), request.body(), request.retryAfter()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    /** The next batch update of this SKU fails inside the 200 with this error. */
    @PostMapping("/item-errors")
    ResponseEntity<Object> itemError(@RequestBody ItemErrorRequest request) {
        if (request.sku() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "sku is required"));
        }
        store.armItemError(request.sku(), new WooStore.ItemError(
                request.code() == null ? "woocommerce_rest_product_invalid_stock" : request.code(),
                request.message() == null ? "Simulated item error." : request.message()),
                request.times() == null ? 1 : request.times());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        return Map.of("apiRequests", gate.apiRequests(), "batchRequests", gate.batchRequests(),
                "webhooks", webhooks.all());
    }

    @PostMapping("/reset")
    ResponseEntity<Void> reset() {
        store.reset();
        webhooks.reset();
        faults.clear();
        gate.reset();
        authority.reset();
        properties.credentials().forEach(c -> authority.accept(c.consumerKey(), c.consumerSecret()));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(WooApiError.class)
    ResponseEntity<Object> error(WooApiError error) {
        return ResponseEntity.status(error.status()).body(error.body());
    }
}

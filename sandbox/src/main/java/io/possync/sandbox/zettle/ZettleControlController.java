package io.possync.sandbox.zettle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;


/** The control API under {@code /sim} (tests and the demo; not part of Zettle's API). See package-info. */
@RestController
@RequestMapping("/sim")
class ZettleControlController {

    record CredentialRequest(String clientId, String apiKey) {
    }

    record VariantRequest(String sku, String name, String barcode, Long balance) {
    }

    record ProductRequest(String name, List<VariantRequest> variants) {
    }

    record FaultRequest(String method, String pathPrefix, int status, Integer times, String body, String retryAfter) {
    }

    /** One SKU ({@code sku}, {@code quantity}) or a basket of several ({@code lines}), sold in one movement request. */
    record SaleRequest(String sku, Integer quantity, List<SaleLine> lines) {

        List<SaleLine> all() {
            return lines == null || lines.isEmpty()
                    ? List.of(new SaleLine(sku, quantity == null ? 0 : quantity)) : lines;
        }
    }

    record SaleLine(String sku, int quantity) {
    }

    record CountRequest(int count) {
    }

    record SettingsRequest(Boolean rateLimitEnabled, Double requestsPerSecond, Duration rateLimitWindow,
                           Duration tokenLifetime) {
    }

    private final ZettleOrganization organization;
    private final ZettleAuthority authority;
    private final FaultInjector faults;
    private final RollingRateLimit rateLimit;
    private final ZettleGateFilter gate;
    private final ZettlePusher pusher;
    private final ZettleSales sales;
    private final ZettleSimulatorProperties properties;

    ZettleControlController(ZettleOrganization organization, ZettleAuthority authority, FaultInjector faults,
                            RollingRateLimit rateLimit, ZettleGateFilter gate, ZettlePusher pusher,
                            ZettleSales sales, ZettleSimulatorProperties properties) {
        this.organization = organization;
        this.authority = authority;
        this.faults = faults;
        this.rateLimit = rateLimit;
        this.gate = gate;
        this.pusher = pusher;
        this.sales = sales;
        this.properties = properties;
    }

    @PostMapping("/credentials")
    ResponseEntity<Void> credentials(@RequestBody CredentialRequest request) {
        authority.accept(request.clientId(), request.apiKey());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/products")
    ResponseEntity<Object> product(@RequestBody ProductRequest request) {
        if (request.name() == null || request.variants() == null || request.variants().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "name and at least one variant are required"));
        }
        List<ZettleOrganization.NewVariant> variants = request.variants().stream()
                .map(v -> new ZettleOrganization.NewVariant(v.sku(), v.name() == null ? v.sku() : v.name(),
                        v.barcode(), v.balance() == null ? 0 : v.balance()))
                .toList();
        ZettleOrganization.Product product = organization.createProduct(request.name(), variants);
        return ResponseEntity.status(HttpStatus.CREATED).body(product);
    }

    @GetMapping("/balances")
    Map<String, Long> balances() {
        return organization.storeBalancesBySku();
    }

    @GetMapping("/movements")
    List<ZettleOrganization.MovementRecord> movements() {
        return organization.movements();
    }

    /**
     * A sale at the POS ({@link ZettleSales}). Answers the movement identifier and the new STORE balance of
     * each SKU ({@code balance} too for a one-line sale).
     */
    @PostMapping("/sales")
    ResponseEntity<Object> sale(@RequestBody SaleRequest request) {
        ZettleSales.Sold sold = sales.sell(request.all().stream()
                .map(line -> new ZettleSales.Line(line.sku(), line.quantity())).toList());
        if (sold.refused()) {
            return ResponseEntity.badRequest().body(sold.refusal());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("identifier", sold.identifier());
        answer.put("balances", sold.balances());
        if (request.all().size() == 1) {
            answer.put("balance", sold.balances().get(request.all().get(0).sku()));
        }
        return ResponseEntity.ok(answer);
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

    /** Expires every granted access token now (the next API call gets 401 ACCESS_TOKEN_EXPIRED). */
    @PostMapping("/tokens/expire")
    ResponseEntity<Void> expireTokens() {
        authority.expireAll();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/settings")
    ResponseEntity<Void> settings(@RequestBody SettingsRequest request) {
        rateLimit.configure(request.rateLimitEnabled() == null ? rateLimit.enabled() : request.rateLimitEnabled(),
                request.requestsPerSecond() == null ? rateLimit.requestsPerSecond() : request.requestsPerSecond(),
                request.rateLimitWindow() == null ? rateLimit.window() : request.rateLimitWindow());
        if (request.tokenLifetime() != null) {
            authority.lifetime(request.tokenLifetime());
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("tokenRequests", authority.tokenRequests());
        stats.put("apiRequests", gate.apiRequests());
        stats.put("rateLimited", gate.rateLimited());
        stats.put("faultsServed", faults.served());
        stats.put("organizationUuid", organization.uuid());
        stats.put("inventories", organization.inventories());
        return stats;
    }

    @GetMapping("/deliveries")
    List<Map<String, Object>> deliveries() {
        return new ArrayList<>(pusher.deliveries());
    }

    /** The next {@code count} deliveries are lost: never sent, as when a webhook never reaches us. */
    @PostMapping("/webhooks/drop-next")
    ResponseEntity<Void> dropNext(@RequestBody CountRequest request) {
        pusher.dropNext(request.count());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/webhooks/drop-next")
    ResponseEntity<Void> keepDelivering() {
        pusher.dropNext(0);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/reset")
    ResponseEntity<Void> reset() {
        organization.reset();
        authority.reset(properties.tokenLifetime());
        faults.reset();
        gate.reset();
        pusher.reset();
        ZettleSimulatorProperties.RateLimit limit = properties.rateLimit();
        rateLimit.configure(limit.enabled(), limit.requestsPerSecond(), limit.window());
        return ResponseEntity.noContent().build();
    }
}

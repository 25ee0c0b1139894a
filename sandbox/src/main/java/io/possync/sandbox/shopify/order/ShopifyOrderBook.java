package io.possync.sandbox.shopify.order;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;

/**
 * The shop's orders in memory, sorted by id (the GraphQL default sort). Ids are 13- to 14-digit
 * numbers like Shopify's, so that clients that squeeze them into an {@code int} fail here too.
 */
@Component
public class ShopifyOrderBook {

    private static final long ORDER_ID_BASE = 6_100_000_000_000L;
    private static final long LINE_ID_BASE = 15_000_000_000_000L;
    private static final long PRODUCT_ID_BASE = 8_800_000_000_000L;
    private static final long VARIANT_ID_BASE = 45_000_000_000_000L;
    private static final long CUSTOMER_ID_BASE = 7_300_000_000_000L;

    private final Clock clock;
    private final ShopifySimulatorProperties properties;
    private final ShopifyInventory inventory;
    private final NavigableMap<Long, SimOrder> orders = new ConcurrentSkipListMap<>();
    private final Map<String, long[]> variantsBySku = new ConcurrentHashMap<>();
    private final Map<String, SimCustomer> customersByEmail = new ConcurrentHashMap<>();
    // Starts from the clock so that ids never repeat across restarts of the simulator, as Shopify's
    // never do: the platform's ledger outlives the simulator in the local run.
    private final AtomicLong sequence;
    private final AtomicInteger orderNumbers = new AtomicInteger(1000);

    public ShopifyOrderBook(Clock clock, ShopifySimulatorProperties properties, ShopifyInventory inventory) {
        this.clock = clock;
        this.properties = properties;
        this.inventory = inventory;
        this.sequence = new AtomicLong(clock.millis());
    }

    public SimOrder create(NewOrder request) {
        if (request.lines() == null || request.lines().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        long id = ORDER_ID_BASE + sequence.incrementAndGet() * 7;
        List<SimLineItem> lines = new ArrayList<>();
        for (NewOrder.Line line : request.lines()) {
            lines.add(line(line));
        }
        var now = clock.instant();
        SimOrder order = new SimOrder(id, orderNumbers.incrementAndGet(), request.email(),
                currency(request),
                orDefault(request.financialStatus(), "paid"), orDefault(request.sourceName(), "web"), now, now, null,
                null, UUID.randomUUID().toString().replace("-", ""), List.copyOf(lines), customer(request));
        orders.put(id, order);
        return order;
    }

    public Optional<SimOrder> find(long id) {
        return Optional.ofNullable(orders.get(id));
    }

    /** Applies {@code change} atomically; empty when there is no such order. */
    public Optional<SimOrder> update(long id, UnaryOperator<SimOrder> change) {
        return Optional.ofNullable(orders.computeIfPresent(id, (k, order) -> change.apply(order)));
    }

    /** All orders, ascending by id. */
    public List<SimOrder> all() {
        return List.copyOf(orders.values());
    }

    public void reset() {
        orders.clear();
    }

    private SimLineItem line(NewOrder.Line line) {
        if (line.quantity() == null || line.quantity() <= 0 || line.price() == null || line.price().signum() < 0) {
            throw new IllegalArgumentException("every line needs a positive quantity and a price");
        }
        String sku = line.sku() == null || line.sku().isBlank() ? null : line.sku();
        // a SKU of the catalogue orders its variant; any other SKU gets made-up ids of its own
        long[] ids = sku == null ? new long[] {0, 0}
                : inventory.firstWithSku(sku).map(v -> new long[] {v.productId(), v.id()})
                        .orElseGet(() -> variantsBySku.computeIfAbsent(sku, s -> new long[] {
                                PRODUCT_ID_BASE + sequence.incrementAndGet(),
                                VARIANT_ID_BASE + sequence.incrementAndGet()}));
        return new SimLineItem(LINE_ID_BASE + sequence.incrementAndGet(), ids[0], ids[1], sku,
                orDefault(line.title(), sku == null ? "Custom sale" : sku), line.quantity(), line.price(),
                line.taxRate() == null ? properties.taxRate() : line.taxRate());
    }

    private SimCustomer customer(NewOrder request) {
        if (request.email() == null || request.email().isBlank()) {
            return null;
        }
        return customersByEmail.computeIfAbsent(request.email().toLowerCase(Locale.ROOT), email -> new SimCustomer(
                CUSTOMER_ID_BASE + sequence.incrementAndGet(), request.email(), request.firstName(),
                request.lastName()));
    }

    private String currency(NewOrder request) {
        String code = orDefault(request.currency(), properties.currency()).toUpperCase(Locale.ROOT);
        Currency.getInstance(code);
        return code;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}

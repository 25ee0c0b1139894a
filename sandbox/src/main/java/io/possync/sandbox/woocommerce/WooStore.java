package io.possync.sandbox.woocommerce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulated store's state: products and variations (ids from one sequence, like WordPress
 * posts), orders, the history of stock writes and armed per-item batch errors. Stock is
 * last-writer-wins, as over the real REST API; orders reduce it once when they reach a paid status
 * and give it back when cancelled. Every change is reported to the listener (webhooks).
 */
final class WooStore {

    /** A change webhooks may report: resource {@code order|product}, event {@code created|updated}. */
    record Change(String resource, String event, long id) {
    }

    record StockWrite(String sku, long productId, Integer value, Instant at, String source) {
    }

    record NewVariation(String sku, Integer stock, String price) {
    }

    record NewLine(String sku, int quantity, String price) {
    }

    record ItemError(String code, String message) {
    }

    private static final Set<String> REDUCING = Set.of("processing", "completed", "on-hold");
    private static final Set<String> RESTORING = Set.of("cancelled", "pending");

    private final Clock clock;
    private final String currency;
    private final Map<Long, SimProduct> products = new LinkedHashMap<>();
    private final Map<Long, SimOrder> orders = new LinkedHashMap<>();
    private final List<StockWrite> stockWrites = new ArrayList<>();
    private final Map<String, Deque<ItemError>> itemErrors = new HashMap<>();
    private Consumer<Change> listener = change -> { };
    private long nextId = 10;

    WooStore(Clock clock, String currency) {
        this.clock = clock;
        this.currency = currency;
    }

    synchronized void onChange(Consumer<Change> listener) {
        this.listener = listener;
    }

    synchronized SimProduct createProduct(String name, String sku, Integer stock, String price,
                                          List<NewVariation> variations) {
        Instant now = now();
        boolean variable = variations != null && !variations.isEmpty();
        SimProduct product = new SimProduct(nextId++, null, name, variable ? "variable" : "simple", sku,
                price == null ? "10.00" : price, !variable && stock != null, variable ? null : stock, now);
        products.put(product.id, product);
        if (variable) {
            for (NewVariation v : variations) {
                SimProduct variation = new SimProduct(nextId++, product.id, name + " - " + v.sku(), "variation",
                        v.sku(), v.price() == null ? product.regularPrice : v.price(), v.stock() != null, v.stock(), now);
                products.put(variation.id, variation);
                product.variations.add(variation.id);
            }
        }
        return product;
    }

    synchronized Optional<SimProduct> product(long id) {
        return Optional.ofNullable(products.get(id));
    }

    synchronized List<SimProduct> products(boolean variations) {
        return products.values().stream().filter(p -> p.variation() == variations).toList();
    }

    synchronized Optional<SimProduct> bySku(String sku) {
        return products.values().stream().filter(p -> sku.equals(p.sku)).findFirst();
    }

    /** Sets stock as {@code PUT}/batch does: manage_stock and stock_quantity, last writer wins. */
    synchronized SimProduct writeStock(SimProduct product, Boolean manageStock, Integer quantity, String source) {
        if (manageStock != null) {
            product.manageStock = manageStock;
        }
        if (quantity != null && product.manageStock) {
            product.stockQuantity = quantity;
        }
        touch(product);
        stockWrites.add(new StockWrite(product.sku, product.id, product.stockQuantity, clock.instant(), source));
        listener.accept(new Change("product", "updated", product.id));
        return product;
    }

    /** An armed per-item error for this SKU, used up by this call. */
    synchronized Optional<ItemError> takeItemError(String sku) {
        Deque<ItemError> errors = sku == null ? null : itemErrors.get(sku);
        return Optional.ofNullable(errors == null ? null : errors.poll());
    }

    synchronized void armItemError(String sku, ItemError error, int times) {
        Deque<ItemError> errors = itemErrors.computeIfAbsent(sku, s -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            errors.add(error);
        }
    }

    synchronized SimOrder createOrder(List<NewLine> newLines, String status, String email) {
        Instant now = now();
        List<SimOrder.Line> lines = new ArrayList<>();
        for (NewLine line : newLines) {
            SimProduct product = bySku(line.sku()).orElseThrow(() ->
                    new WooApiError(400, "woocommerce_rest_invalid_product_sku", "Invalid SKU " + line.sku()));
            long productId = product.variation() ? product.parentId : product.id;
            long variationId = product.variation() ? product.id : 0;
            lines.add(new SimOrder.Line(nextId++, productId, variationId, product.sku, product.name, line.quantity(),
                    line.price() == null ? product.regularPrice : line.price()));
        }
        SimOrder order = new SimOrder(nextId++, currency, lines, "pending", email, now);
        orders.put(order.id, order);
        // the block checkout creates drafts and still reports them through order.updated (woocommerce#66995)
        listener.accept(new Change("order", "checkout-draft".equals(status) ? "updated" : "created", order.id));
        if (!"pending".equals(status)) {
            setStatus(order, status);
        }
        return order;
    }

    synchronized Optional<SimOrder> order(long id) {
        return Optional.ofNullable(orders.get(id));
    }

    synchronized List<SimOrder> orders() {
        return List.copyOf(orders.values());
    }

    synchronized SimOrder setStatus(SimOrder order, String status) {
        order.status = status;
        order.modified = now();
        if (REDUCING.contains(status) && order.paid == null && !"on-hold".equals(status)) {
            order.paid = order.modified;
        }
        if (REDUCING.contains(status) && !order.stockReduced) {
            order.stockReduced = true;
            adjustStock(order, -1);
        } else if (RESTORING.contains(status) && order.stockReduced) {
            order.stockReduced = false;
            adjustStock(order, 1);
        }
        listener.accept(new Change("order", "updated", order.id));
        return order;
    }

    /** One atomic change per line, as WooCommerce's SQL ±n does; backorders may take stock below zero. */
    private void adjustStock(SimOrder order, int sign) {
        for (SimOrder.Line line : order.lines) {
            SimProduct product = products.get(line.variationId() != 0 ? line.variationId() : line.productId());
            if (product != null && product.manageStock && product.stockQuantity != null) {
                product.stockQuantity += sign * line.quantity();
                touch(product);
                stockWrites.add(new StockWrite(product.sku, product.id, product.stockQuantity, clock.instant(), "order"));
                listener.accept(new Change("product", "updated", product.id));
            }
        }
    }

    synchronized Map<String, Integer> stockBySku() {
        Map<String, Integer> stock = new LinkedHashMap<>();
        products.values().stream().filter(p -> p.manageStock && p.sku != null && p.stockQuantity != null)
                .forEach(p -> stock.put(p.sku, p.stockQuantity));
        return stock;
    }

    synchronized List<StockWrite> stockWrites() {
        return List.copyOf(stockWrites);
    }

    synchronized void reset() {
        products.clear();
        orders.clear();
        stockWrites.clear();
        itemErrors.clear();
    }

    /** date_modified has whole seconds in WooCommerce. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void touch(SimProduct product) {
        product.modified = now();
    }
}

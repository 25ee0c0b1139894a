package io.possync.sandbox.woocommerce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Products, variations, orders and their batch endpoints under {@code /wp-json/wc/v3}. See package-info. */
@RestController
@RequestMapping(WooGateFilter.API)
class WooRestController {

    static final int BATCH_LIMIT = 100;
    private static final Set<String> ORDER_STATUSES = Set.of("pending", "processing", "on-hold", "completed",
            "cancelled", "refunded", "failed", "trash", "checkout-draft");

    private final WooStore store;
    private final WooResources resources;
    private final PhpJson json = new PhpJson();

    WooRestController(WooStore store, WooResources resources) {
        this.store = store;
        this.resources = resources;
    }

    @GetMapping("/products")
    ResponseEntity<byte[]> products(@RequestParam Map<String, String> query) {
        Set<String> skus = skus(query.get("sku"));
        String type = query.get("type");
        List<SimProduct> matching = store.products(false).stream()
                .filter(p -> skus == null || (p.sku != null && skus.contains(p.sku)))
                .filter(p -> type == null || type.equals(p.type)).toList();
        return page(matching, query, "/products", this::productJson);
    }

    @GetMapping("/products/{id}")
    ResponseEntity<byte[]> product(@PathVariable long id) {
        return ok(productJson(store.product(id).filter(p -> !p.variation()).orElseThrow(WooRestController::noProduct)));
    }

    @PutMapping("/products/{id}")
    ResponseEntity<byte[]> updateProduct(@PathVariable long id, @RequestBody Map<String, Object> body) {
        SimProduct product = store.product(id).filter(p -> !p.variation()).orElseThrow(WooRestController::noProduct);
        return ok(productJson(store.writeStock(product, bool(body.get("manage_stock")), integer(body.get("stock_quantity")),
                "rest")));
    }

    @PostMapping("/products/batch")
    ResponseEntity<byte[]> productBatch(@RequestBody Map<String, Object> body) {
        return ok(batch(body, null));
    }

    @GetMapping("/products/{parent}/variations")
    ResponseEntity<byte[]> variations(@PathVariable long parent, @RequestParam Map<String, String> query) {
        store.product(parent).filter(p -> !p.variation()).orElseThrow(WooRestController::noProduct);
        Set<String> skus = skus(query.get("sku"));
        List<SimProduct> matching = store.products(true).stream().filter(v -> v.parentId == parent)
                .filter(v -> skus == null || (v.sku != null && skus.contains(v.sku))).toList();
        return page(matching, query, "/products/" + parent + "/variations", this::productJson);
    }

    @GetMapping("/products/{parent}/variations/{id}")
    ResponseEntity<byte[]> variation(@PathVariable long parent, @PathVariable long id) {
        return ok(productJson(store.product(id).filter(v -> v.variation() && v.parentId == parent)
                .orElseThrow(WooRestController::noVariation)));
    }

    @PutMapping("/products/{parent}/variations/{id}")
    ResponseEntity<byte[]> updateVariation(@PathVariable long parent, @PathVariable long id,
                                           @RequestBody Map<String, Object> body) {
        SimProduct variation = store.product(id).filter(v -> v.variation() && v.parentId == parent)
                .orElseThrow(WooRestController::noVariation);
        return ok(productJson(store.writeStock(variation, bool(body.get("manage_stock")),
                integer(body.get("stock_quantity")), "rest")));
    }

    @PostMapping("/products/{parent}/variations/batch")
    ResponseEntity<byte[]> variationBatch(@PathVariable long parent, @RequestBody Map<String, Object> body) {
        store.product(parent).filter(p -> !p.variation()).orElseThrow(WooRestController::noProduct);
        return ok(batch(body, parent));
    }

    /** WooCommerce 10.3+: every variation, filterable by SKU. */
    @GetMapping("/variations")
    ResponseEntity<byte[]> allVariations(@RequestParam Map<String, String> query) {
        Set<String> skus = skus(query.get("sku"));
        List<SimProduct> matching = store.products(true).stream()
                .filter(v -> skus == null || (v.sku != null && skus.contains(v.sku))).toList();
        return page(matching, query, "/variations", this::productJson);
    }

    @GetMapping("/orders")
    ResponseEntity<byte[]> orders(@RequestParam Map<String, String> query) {
        WooOrderQuery filter = WooOrderQuery.of(query, resources);
        List<SimOrder> matching = store.orders().stream().filter(filter::matches).sorted(filter.comparator()).toList();
        return page(matching, query, "/orders", this::orderJson);
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<byte[]> order(@PathVariable long id) {
        return ok(orderJson(store.order(id).orElseThrow(WooRestController::noOrder)));
    }

    @PutMapping("/orders/{id}")
    ResponseEntity<byte[]> updateOrder(@PathVariable long id, @RequestBody Map<String, Object> body) {
        SimOrder order = store.order(id).orElseThrow(WooRestController::noOrder);
        Object status = body.get("status");
        if (status != null) {
            if (!ORDER_STATUSES.contains(status.toString())) {
                throw WooApiError.invalidParam("status", "status is not one of " + ORDER_STATUSES);
            }
            store.setStatus(order, status.toString());
        }
        return ok(orderJson(order));
    }

    @ExceptionHandler(WooApiError.class)
    ResponseEntity<byte[]> error(WooApiError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(json.write(error.body()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> batch(Map<String, Object> body, Long parent) {
        List<Object> create = (List<Object>) body.getOrDefault("create", List.of());
        List<Object> update = (List<Object>) body.getOrDefault("update", List.of());
        List<Object> delete = (List<Object>) body.getOrDefault("delete", List.of());
        if (create.size() + update.size() + delete.size() > BATCH_LIMIT) {
            throw new WooApiError(413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + BATCH_LIMIT + " items for this request.");
        }
        List<Object> updated = new ArrayList<>();
        for (Object raw : update) {
            updated.add(batchUpdate((Map<String, Object>) raw, parent));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!create.isEmpty()) {
            answer.put("create", create.stream().map(c -> itemError(0, new WooApiError(400,
                    "woocommerce_rest_cannot_create", "The simulator does not create products through batch."))).toList());
        }
        answer.put("update", updated);
        return answer;
    }

    private Object batchUpdate(Map<String, Object> item, Long parent) {
        long id = item.get("id") instanceof Number n ? n.longValue() : 0;
        SimProduct product = store.product(id).filter(p -> parent == null ? !p.variation()
                : p.variation() && p.parentId.equals(parent)).orElse(null);
        if (product == null) {
            return itemError(id, parent == null ? noProduct() : noVariation());
        }
        WooStore.ItemError armed = store.takeItemError(product.sku).orElse(null);
        if (armed != null) {
            return itemError(id, new WooApiError(400, armed.code(), armed.message()));
        }
        return productJson(store.writeStock(product, bool(item.get("manage_stock")), integer(item.get("stock_quantity")),
                "rest"));
    }

    private static Map<String, Object> itemError(long id, WooApiError error) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("error", error.body());
        return item;
    }

    private <T> ResponseEntity<byte[]> page(List<T> items, Map<String, String> query, String path,
                                            Function<T, Map<String, Object>> render) {
        int perPage = number(query, "per_page", 10);
        if (perPage < 1 || perPage > 100) {
            throw WooApiError.invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        int page = number(query, "page", 1);
        if (page < 1) {
            throw WooApiError.invalidParam("page", "page must be greater than or equal to 1");
        }
        int total = items.size();
        int totalPages = (total + perPage - 1) / perPage;
        if (page > Math.max(totalPages, 1)) {
            throw new WooApiError(400, "rest_post_invalid_page_number",
                    "The page number requested is larger than the number of pages available.");
        }
        List<Map<String, Object>> body = items.subList(Math.min(total, (page - 1) * perPage),
                Math.min(total, page * perPage)).stream().map(render).toList();
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-WP-Total", Integer.toString(total));
        headers.set("X-WP-TotalPages", Integer.toString(totalPages));
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + pageUrl(path, query, page - 1) + ">; rel=\"prev\"");
        }
        if (page < totalPages) {
            links.add("<" + pageUrl(path, query, page + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            headers.set(HttpHeaders.LINK, String.join(", ", links));
        }
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(json.write(body));
    }

    private String pageUrl(String path, Map<String, String> query, int page) {
        String params = query.entrySet().stream().filter(e -> !e.getKey().startsWith("oauth_") && !"page".equals(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return resources.apiUrl(path) + "?" + (params.isEmpty() ? "" : params + "&") + "page=" + page;
    }

    private Map<String, Object> productJson(SimProduct product) {
        synchronized (store) {
            return resources.product(product);
        }
    }

    private Map<String, Object> orderJson(SimOrder order) {
        synchronized (store) {
            return resources.order(order);
        }
    }

    private ResponseEntity<byte[]> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.write(body));
    }

    private static Set<String> skus(String sku) {
        return sku == null || sku.isEmpty() ? null : Set.copyOf(Arrays.asList(sku.split(",")));
    }

    private static int number(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw WooApiError.invalidParam(name, name + " is not of type integer.");
        }
    }

    private static Boolean bool(Object value) {
        return value instanceof Boolean b ? b : value == null ? null : Boolean.valueOf(value.toString());
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : value == null ? null : Integer.valueOf(value.toString());
    }

    static WooApiError noProduct() {
        return new WooApiError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
    }

    static WooApiError noVariation() {
        return new WooApiError(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
    }

    static WooApiError noOrder() {
        return new WooApiError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
    }
}

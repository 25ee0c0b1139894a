package io.possync.sandbox.shopify.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.possync.sandbox.shopify.graphql.ShopifyGraphqlExecutor;
import io.possync.sandbox.shopify.inventory.InventoryWrite;
import io.possync.sandbox.shopify.inventory.NewProduct;
import io.possync.sandbox.shopify.inventory.ShopifyInventory;
import io.possync.sandbox.shopify.inventory.SimProduct;
import io.possync.sandbox.shopify.inventory.SimVariant;

/** The control API of the shop's catalogue and stock (not part of Shopify's); see the package documentation. */
@RestController
@RequestMapping("/sim")
public class ShopifyInventoryControl {

    private final ShopifyInventory inventory;
    private final ShopifyGraphqlExecutor graphql;

    public ShopifyInventoryControl(ShopifyInventory inventory, ShopifyGraphqlExecutor graphql) {
        this.inventory = inventory;
        this.graphql = graphql;
    }

    /** Body of {@code POST /sim/inventory/{sku}}. */
    public record AdminEdit(Long available) {
    }

    @PostMapping("/products")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> createProduct(@RequestBody NewProduct request) {
        SimProduct product = inventory.create(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", product.id());
        body.put("title", product.title());
        body.put("variants", product.variants().stream().map(this::variant).toList());
        return body;
    }

    @GetMapping("/inventory")
    public Map<String, Long> inventory() {
        return inventory.availableBySku();
    }

    @GetMapping("/inventory-writes")
    public List<InventoryWrite> writes() {
        return inventory.writes();
    }

    @PostMapping("/inventory/{sku}")
    public InventoryWrite adminEdit(@PathVariable String sku, @RequestBody AdminEdit edit) {
        if (edit.available() == null) {
            throw new IllegalArgumentException("available is required");
        }
        return inventory.adminSet(sku, edit.available()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no variant with SKU " + sku));
    }

    @GetMapping("/graphql/stats")
    public ShopifyGraphqlExecutor.Stats stats() {
        return graphql.stats();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, Object> badRequest(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }

    private Map<String, Object> variant(SimVariant variant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", variant.id());
        body.put("admin_graphql_api_id", variant.gid());
        body.put("sku", variant.sku());
        body.put("barcode", variant.barcode());
        body.put("price", variant.price().toPlainString());
        body.put("inventory_item_id", variant.inventoryItemId());
        body.put("available", inventory.level(variant.inventoryItemId(), inventory.primaryLocation().id())
                .map(l -> l.available()).orElse(0L));
        return body;
    }
}

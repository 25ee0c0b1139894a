package io.possync.connector.woocommerce.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.http.HttpStatusException;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.client.WooResponse;
import io.possync.connector.woocommerce.mapping.MongoSkuMappings;
import io.possync.connector.woocommerce.mapping.WooProductRef;
import tools.jackson.databind.JsonNode;

/**
 * Finds where SKUs live in a store: the {@code mappings} cache first, then {@code GET /products?sku=A,B}
 * (products only), then {@code GET /variations?sku=A,B} (WooCommerce 10.3+); on an older store, where
 * that route is missing, the variations of every variable product are read instead. Only exact SKU
 * matches count: a SKU found nowhere stays unresolved and is never guessed.
 */
public class WooSkuResolver {

    private static final Logger log = LoggerFactory.getLogger(WooSkuResolver.class);
    private static final int PER_PAGE = 100;

    private final WooCommerceClient client;
    private final MongoSkuMappings mappings;

    public WooSkuResolver(WooCommerceClient client, MongoSkuMappings mappings) {
        this.client = client;
        this.mappings = mappings;
    }

    /** Refs of the SKUs that exist in the store; the others are absent from the answer. */
    public Map<String, WooProductRef> resolve(Connection store, Collection<String> skus) {
        Map<String, WooProductRef> refs = new HashMap<>(mappings.findAll(store.id(), skus));
        Set<String> missing = new HashSet<>(skus);
        missing.removeAll(refs.keySet());
        if (missing.isEmpty()) {
            return refs;
        }
        Map<String, WooProductRef> found = new HashMap<>();
        for (List<String> chunk : WooCoalescer.chunks(List.copyOf(missing), PER_PAGE)) {
            collect(client.get(store, "/products", List.of(Map.entry("sku", String.join(",", chunk)),
                    Map.entry("per_page", Integer.toString(PER_PAGE)))).body(), missing, found, false);
        }
        missing.removeAll(found.keySet());
        if (!missing.isEmpty()) {
            variations(store, missing, found);
        }
        mappings.saveAll(store.id(), found);
        refs.putAll(found);
        return refs;
    }

    private void variations(Connection store, Set<String> missing, Map<String, WooProductRef> found) {
        try {
            for (List<String> chunk : WooCoalescer.chunks(List.copyOf(missing), PER_PAGE)) {
                collect(client.get(store, "/variations", List.of(Map.entry("sku", String.join(",", chunk)),
                        Map.entry("per_page", Integer.toString(PER_PAGE)))).body(), missing, found, true);
            }
        } catch (HttpStatusException e) {
            if (e.status() != 404) {
                throw e;
            }
            log.info("store {} has no GET /variations (before WooCommerce 10.3); scanning variable products",
                    store.id());
            scanVariableProducts(store, missing, found);
        }
    }

    private void scanVariableProducts(Connection store, Set<String> missing, Map<String, WooProductRef> found) {
        List<Long> parents = new ArrayList<>();
        for (int page = 1; ; page++) {
            WooResponse response = client.get(store, "/products", List.of(Map.entry("type", "variable"),
                    Map.entry("per_page", Integer.toString(PER_PAGE)), Map.entry("page", Integer.toString(page))));
            response.body().forEach(product -> parents.add(product.path("id").longValue()));
            if (!response.hasPageAfter(page) || response.body().isEmpty()) {
                break;
            }
        }
        for (long parent : parents) {
            for (int page = 1; ; page++) {
                WooResponse response = client.get(store, "/products/" + parent + "/variations", List.of(
                        Map.entry("per_page", Integer.toString(PER_PAGE)), Map.entry("page", Integer.toString(page))));
                for (JsonNode variation : response.body()) {
                    String sku = variation.path("sku").asString();
                    if (missing.contains(sku) && !found.containsKey(sku)) {
                        found.put(sku, new WooProductRef(parent, variation.path("id").longValue()));
                    }
                }
                if (!response.hasPageAfter(page) || response.body().isEmpty()) {
                    break;
                }
            }
        }
    }

    private static void collect(JsonNode items, Set<String> wanted, Map<String, WooProductRef> found,
                                boolean variations) {
        for (JsonNode item : items) {
            String sku = item.path("sku").asString();
            long id = item.path("id").longValue();
            if (!wanted.contains(sku) || id <= 0) {
                continue;
            }
            if (variations) {
                long parent = item.path("parent_id").longValue();
                if (parent > 0) {
                    found.put(sku, new WooProductRef(parent, id));
                }
            } else {
                found.put(sku, new WooProductRef(id, null));
            }
        }
    }
}

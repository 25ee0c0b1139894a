package io.possync.connector.woocommerce.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.poll.ConnectionPoll;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.client.WooResponse;
import io.possync.connector.woocommerce.mapping.WooSource;
import io.possync.connector.woocommerce.mapping.WooStockNormalizer;
import io.possync.connector.woocommerce.webhook.KafkaWooEvents;
import io.possync.schemas.avro.StockChanged;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation poll of one store's stock levels, for {@code product.updated} deliveries that never
 * came (WooCommerce never retries a webhook): {@code GET /products} page by page ({@code X-WP-TotalPages}),
 * and the variations of each variable product ({@code GET /products/{id}/variations}, which every
 * WooCommerce version has). Each product or variation with managed stock becomes the same
 * {@link StockChanged} the webhook path makes ({@link WooStockNormalizer}: version
 * {@code date_modified_gmt}, same event id), so a change seen both ways takes effect once. The events
 * carry no causation id: no delivery caused them, which is how the engine tells a poll's finding.
 */
public class WooStockPoller implements ConnectionPoll {

    private static final Logger log = LoggerFactory.getLogger(WooStockPoller.class);

    private final WooCommerceClient client;
    private final WooStockNormalizer normalizer;
    private final KafkaWooEvents events;
    private final int pageSize;

    /** @param pageSize {@code per_page}, at most 100 */
    public WooStockPoller(WooCommerceClient client, WooStockNormalizer normalizer, KafkaWooEvents events,
                          int pageSize) {
        this.client = client;
        this.normalizer = normalizer;
        this.events = events;
        this.pageSize = pageSize;
    }

    @Override
    public int poll(Connection store) {
        WooSource source = new WooSource(store.tenantId(), store.id(), null);
        int published = 0;
        int products = 0;
        for (int page = 1; ; page++) {
            WooResponse response = client.get(store, "/products", pageQuery(page));
            List<StockChanged> levels = new ArrayList<>();
            for (JsonNode product : response.body()) {
                products++;
                normalizer.normalize(product, source).ifPresent(levels::add);
                if ("variable".equals(product.path("type").asString(""))) {
                    levels.addAll(variationLevels(store, product.path("id").longValue(), source));
                }
            }
            events.publishStockAll(levels);
            published += levels.size();
            if (!response.hasPageAfter(page) || response.body().isEmpty()) {
                break;
            }
        }
        log.debug("stock poll of store {}: {} products, {} levels published", store.id(), products, published);
        return published;
    }

    private List<StockChanged> variationLevels(Connection store, long parentId, WooSource source) {
        List<StockChanged> levels = new ArrayList<>();
        for (int page = 1; ; page++) {
            WooResponse response = client.get(store, "/products/" + parentId + "/variations", pageQuery(page));
            for (JsonNode variation : response.body()) {
                normalizer.normalize(variation, source).ifPresent(levels::add);
            }
            if (!response.hasPageAfter(page) || response.body().isEmpty()) {
                return levels;
            }
        }
    }

    private List<Map.Entry<String, String>> pageQuery(int page) {
        return List.of(Map.entry("per_page", Integer.toString(pageSize)), Map.entry("page", Integer.toString(page)),
                Map.entry("orderby", "id"), Map.entry("order", "asc"));
    }
}

package io.possync.sandbox.shopify.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.order.ShopifyOrderPayloads;
import io.possync.sandbox.shopify.webhook.ShopifyWebhookDispatcher;

/**
 * Announces level changes as {@code inventory_levels/update}. The body is exactly Shopify's: item,
 * location, available, updated_at and the level's GID; no SKU, variant or on_hand, so a receiver must
 * map the item id itself.
 */
@Component
public class InventoryWebhooks {

    static final String TOPIC = "inventory_levels/update";

    private final ShopifyWebhookDispatcher dispatcher;
    private final ShopifyOrderPayloads payloads;

    public InventoryWebhooks(ShopifyWebhookDispatcher dispatcher, ShopifyOrderPayloads payloads) {
        this.dispatcher = dispatcher;
        this.payloads = payloads;
    }

    void levelUpdated(LevelView level) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inventory_item_id", level.variant().inventoryItemId());
        body.put("location_id", level.location().id());
        body.put("available", level.available());
        body.put("updated_at", payloads.time(level.updatedAt()));
        body.put("admin_graphql_api_id", level.gid());
        dispatcher.emit(TOPIC, body, 1);
    }
}

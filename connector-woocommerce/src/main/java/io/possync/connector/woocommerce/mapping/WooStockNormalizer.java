package io.possync.connector.woocommerce.mapping;

import java.time.Instant;
import java.util.Optional;

import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import tools.jackson.databind.JsonNode;

/**
 * A product or variation payload ({@code product.*} webhooks carry either, in the product shape)
 * as the stock level of its SKU. Only managed stock is a level: {@code manage_stock} false, or
 * {@code "parent"} (a variation delegating to its parent), or a null {@code stock_quantity} gives
 * nothing, never 0 (never write 0 stock from ambiguous data).
 */
public class WooStockNormalizer {

    public Optional<StockChanged> normalize(JsonNode product, WooSource source) {
        JsonNode manage = product.get("manage_stock");
        JsonNode quantity = product.get("stock_quantity");
        String sku = WooJson.text(product, "sku");
        if (manage == null || !manage.isBoolean() || !manage.booleanValue() || sku == null
                || quantity == null || !quantity.isIntegralNumber()) {
            return Optional.empty();
        }
        String id = WooJson.id(product, "id");
        String version = WooJson.text(product, "date_modified_gmt");
        if (id == null || version == null) {
            throw new PermanentFailure("product payload for SKU " + sku + " has no id or date_modified_gmt");
        }
        Instant changedAt = WooDates.parseGmt(version, "product " + id + " date_modified_gmt");
        // date_modified_gmt has whole seconds: two levels within one second share it, so the level is part of the id
        String eventId = WooEventIds.stock(source.connectionId(), sku, version, quantity.longValue());
        return Optional.of(StockChanged.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(eventId)
                        .setTenantId(source.tenantId())
                        .setConnectionId(source.connectionId())
                        .setSourceSystem(SystemKind.WOOCOMMERCE)
                        .setOccurredAt(changedAt)
                        .setCorrelationId(eventId)
                        .setCausationId(source.causationId())
                        .build())
                .setSku(sku)
                .setLevel(quantity.longValue())
                .setSourceVersion(version)
                .setChangedAt(changedAt)
                .build());
    }
}

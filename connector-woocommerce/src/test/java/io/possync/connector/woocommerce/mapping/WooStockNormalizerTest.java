package io.possync.connector.woocommerce.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.StockChanged;
import tools.jackson.databind.JsonNode;

class WooStockNormalizerTest {

    private static final WooSource SOURCE = new WooSource("tenant-1", "woo-1", "delivery-1");

    private final WooStockNormalizer normalizer = new WooStockNormalizer();

    @Test
    void managedStockOfAProductIsItsLevel() {
        StockChanged stock = normalizer.normalize(product("true", "7", "\"KAFFE-500\""), SOURCE).orElseThrow();

        assertThat(stock.getSku()).isEqualTo("KAFFE-500");
        assertThat(stock.getLevel()).isEqualTo(7L);
        assertThat(stock.getSourceVersion()).isEqualTo("2026-11-20T09:15:30");
        assertThat(stock.getChangedAt()).isEqualTo(Instant.parse("2026-11-20T09:15:30Z"));
        assertThat(stock.getHeader().getConnectionId()).isEqualTo("woo-1");
        assertThat(stock.getHeader().getEventId()).isEqualTo(WooEventIds.stock("woo-1", "KAFFE-500",
                "2026-11-20T09:15:30", 7));
    }

    @Test
    void twoLevelsWithinOneSecondAreTwoEvents() {
        String first = normalizer.normalize(product("true", "7", "\"S\""), SOURCE).orElseThrow().getHeader().getEventId();
        String second = normalizer.normalize(product("true", "6", "\"S\""), SOURCE).orElseThrow().getHeader().getEventId();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void unmanagedDelegatedOrUnknownStockGivesNothingNeverZero() {
        assertThat(normalizer.normalize(product("false", "0", "\"S\""), SOURCE)).isEmpty();
        assertThat(normalizer.normalize(product("\"parent\"", "4", "\"S\""), SOURCE)).isEmpty();
        assertThat(normalizer.normalize(product("true", "null", "\"S\""), SOURCE)).isEmpty();
        assertThat(normalizer.normalize(product("true", "4", "\"\""), SOURCE)).isEmpty();
    }

    private static JsonNode product(String manageStock, String quantity, String sku) {
        return WooJson.MAPPER.readTree("{\"id\":93,\"name\":\"Kaffe\",\"type\":\"simple\",\"sku\":" + sku
                + ",\"manage_stock\":" + manageStock + ",\"stock_quantity\":" + quantity
                + ",\"stock_status\":\"instock\",\"date_modified\":\"2026-11-20T10:15:30\","
                + "\"date_modified_gmt\":\"2026-11-20T09:15:30\",\"price\":\"49.80\"}");
    }
}

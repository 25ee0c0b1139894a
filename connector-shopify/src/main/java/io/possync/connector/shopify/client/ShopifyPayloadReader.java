package io.possync.connector.shopify.client;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Shopify webhook bodies from the raw delivered bytes. The bytes are parsed as they are (never
 * re-encoded), so {@code \/}, {@code \u0026} escapes and raw UTF-8 all decode as Shopify meant them.
 */
public final class ShopifyPayloadReader {

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a rate like 0.25 must stay exact; doubles would turn it into 0.2500000001 basis points
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** @throws tools.jackson.core.JacksonException when the body is not a JSON order */
    public ShopifyOrderPayload readOrder(byte[] body) {
        return mapper.readValue(body, ShopifyOrderPayload.class);
    }

    /** @throws tools.jackson.core.JacksonException when the body is not a JSON inventory level */
    public ShopifyInventoryLevelPayload readInventoryLevel(byte[] body) {
        return mapper.readValue(body, ShopifyInventoryLevelPayload.class);
    }
}

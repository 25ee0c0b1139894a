package io.possync.connector.woocommerce.mapping;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

import io.possync.common.kafka.PermanentFailure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading WooCommerce JSON, where empty fields come as {@code null} or {@code ""} rather than being omitted. */
public final class WooJson {

    /** Floats as BigDecimal: a line {@code price} is a JSON number and must not pass through a double. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private WooJson() {
    }

    public static JsonNode read(ByteBuffer body, String what) {
        ByteBuffer view = body.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new PermanentFailure(what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new PermanentFailure(what + " is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The field as text (numbers as their digits); null when missing, null or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isString() ? value.stringValue() : value.isNumber() ? value.asString() : null;
        return text == null || text.isBlank() ? null : text;
    }

    /** A positive id as text; WooCommerce's 0 means "none". */
    static String id(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || value.longValue() == 0) {
            return null;
        }
        return Long.toString(value.longValue());
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String text = text(node, field);
        try {
            return text == null ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.possync.connector.zettle.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.zettle.client.ZettleBalance;
import io.possync.connector.zettle.client.ZettleTime;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Pusher {@code InventoryBalanceChanged} delivery. The envelope's {@code payload} is a
 * JSON-encoded string, so it is parsed a second time (an object, as in Zettle's older examples, is
 * taken as it is). Balances may be strings. What cannot be read is a {@link PermanentFailure}.
 */
public final class ZettleBalanceChangedReader {

    public static final String EVENT = "InventoryBalanceChanged";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ZettleBalanceChangedReader() {
    }

    public static ZettleBalanceChange read(byte[] body) {
        JsonNode envelope = parse(body, "envelope");
        String messageId = text(envelope, "messageId");
        if (messageId == null) {
            messageId = text(envelope, "messageUuid");
        }
        if (messageId == null) {
            throw new PermanentFailure("Zettle delivery has neither messageId nor messageUuid");
        }
        JsonNode payload = payload(envelope.get("payload"));
        JsonNode updated = payload.path("updated");
        JsonNode after = payload.get("balanceAfter");
        if (after == null || !after.isArray()) {
            throw new PermanentFailure("InventoryBalanceChanged " + messageId + " has no balanceAfter list");
        }
        JsonNode before = payload.get("balanceBefore");
        return new ZettleBalanceChange(messageId, time(envelope, "timestamp", messageId),
                text(updated, "uuid"), time(updated, "timestamp", messageId),
                before == null || before.isNull() ? List.of() : balances(before, "balanceBefore", messageId),
                balances(after, "balanceAfter", messageId), text(payload, "externalUuid"));
    }

    private static JsonNode payload(JsonNode payload) {
        if (payload != null && payload.isString()) {
            return parse(payload.stringValue().getBytes(StandardCharsets.UTF_8), "payload");
        }
        if (payload != null && payload.isObject()) {
            return payload;
        }
        throw new PermanentFailure("Zettle delivery payload is neither a JSON string nor an object");
    }

    private static List<ZettleBalanceChange.Balance> balances(JsonNode list, String field, String messageId) {
        if (!list.isArray()) {
            throw new PermanentFailure("InventoryBalanceChanged " + messageId + ": " + field + " is not a list");
        }
        List<ZettleBalanceChange.Balance> balances = new ArrayList<>(list.size());
        for (JsonNode entry : list) {
            String product = text(entry, "productUuid");
            String variant = text(entry, "variantUuid");
            Long balance;
            try {
                balance = ZettleBalance.parse(entry.get("balance"));
            } catch (IllegalArgumentException e) {
                throw new PermanentFailure("InventoryBalanceChanged " + messageId + ": " + e.getMessage(), e);
            }
            if (product == null || variant == null || balance == null) {
                throw new PermanentFailure("InventoryBalanceChanged " + messageId + ": an entry of " + field
                        + " lacks productUuid, variantUuid or balance");
            }
            balances.add(new ZettleBalanceChange.Balance(text(entry, "locationUuid"), product, variant, balance));
        }
        return balances;
    }

    private static Instant time(JsonNode node, String field, String messageId) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return ZettleTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("InventoryBalanceChanged " + messageId + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new PermanentFailure("Zettle delivery " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PermanentFailure("Zettle delivery " + what + " is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asString() : null;
    }
}

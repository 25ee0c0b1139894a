package io.possync.connector.zettle.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Zettle's error bodies into one readable line for the sync log and the parked command:
 * the API error shape {@code {developerMessage, errorType, violations[{propertyName, developerMessage}]}}
 * and the OAuth shape {@code {error, error_description}}; anything else is quoted, shortened.
 */
public final class ZettleErrorBody {

    private static final int MAX_RAW = 300;

    private final JsonMapper json;

    public ZettleErrorBody(JsonMapper json) {
        this.json = json;
    }

    public String describe(int status, String body) {
        String detail = detail(body);
        return "Zettle answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    }

    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return raw(body);
        }
        if (!root.isObject()) {
            return raw(body);
        }
        if (root.has("error")) {
            return join(text(root, "error"), text(root, "error_description"));
        }
        List<String> parts = new ArrayList<>();
        String head = join(text(root, "errorType"), text(root, "developerMessage"));
        if (!head.isEmpty()) {
            parts.add(head);
        }
        for (JsonNode violation : root.path("violations")) {
            parts.add(join(text(violation, "propertyName"), text(violation, "developerMessage")));
        }
        return parts.isEmpty() ? raw(body) : String.join("; ", parts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static String join(String label, String message) {
        if (label.isEmpty()) {
            return message;
        }
        return message.isEmpty() ? label : label + ": " + message;
    }

    private static String raw(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_RAW ? flat : flat.substring(0, MAX_RAW) + "…";
    }
}

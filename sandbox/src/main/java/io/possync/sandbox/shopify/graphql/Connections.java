package io.possync.sandbox.shopify.graphql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relay-style pages as Shopify serves them: {@code first/after} or {@code last/before} over items
 * already in sort order, opaque base64 cursors, {@code edges}, {@code nodes} and {@code pageInfo}.
 */
public final class Connections {

    /** Shopify's page size limit. */
    public static final int MAX_PAGE = 250;

    private static final Pattern LAST_ID = Pattern.compile("\"last_id\":(\\d+)");

    private Connections() {
    }

    public static <T> Map<String, Object> page(List<T> sorted, GraphqlField field, ToLongFunction<T> id,
                                               Function<T, Object> node) {
        Integer first = field.intArgument("first");
        Integer last = field.intArgument("last");
        if (first == null && last == null) {
            throw new GraphqlException("you must provide one of first or last", "argumentLiteralsIncompatible");
        }
        int size = first != null ? first : last;
        // the limit is documented; the exact wording of Shopify's error is not (unconfirmed)
        if (size < 0 || size > MAX_PAGE) {
            throw new GraphqlException("The maximum number of items per page is " + MAX_PAGE, "BAD_REQUEST");
        }
        int from = 0;
        int to = sorted.size();
        if (field.stringArgument("after") != null) {
            from = indexAfter(sorted, id, decode(field.stringArgument("after")));
        }
        if (field.stringArgument("before") != null) {
            to = indexAfter(sorted, id, decode(field.stringArgument("before"))) - 1;
        }
        List<T> window = sorted.subList(from, Math.max(from, to));
        List<T> items = first != null ? window.subList(0, Math.min(size, window.size()))
                : window.subList(Math.max(0, window.size() - size), window.size());
        List<Map<String, Object>> edges = new ArrayList<>();
        List<Object> nodes = new ArrayList<>();
        for (T item : items) {
            Object rendered = node.apply(item);
            nodes.add(rendered);
            edges.add(Map.of("cursor", cursor(id.applyAsLong(item)), "node", rendered));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", first != null ? window.size() > items.size() : to < sorted.size());
        pageInfo.put("hasPreviousPage", first != null ? from > 0 : window.size() > items.size());
        pageInfo.put("startCursor", items.isEmpty() ? null : cursor(id.applyAsLong(items.get(0))));
        pageInfo.put("endCursor", items.isEmpty() ? null : cursor(id.applyAsLong(items.get(items.size() - 1))));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("nodes", nodes);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    static String cursor(long id) {
        String json = "{\"last_id\":" + id + ",\"last_value\":\"" + id + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        try {
            Matcher matcher = LAST_ID.matcher(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        } catch (IllegalArgumentException e) {
            throw new GraphqlException("Invalid cursor for current pagination sort.", "BAD_REQUEST");
        }
        throw new GraphqlException("Invalid cursor for current pagination sort.", "BAD_REQUEST");
    }

    /** Index of the first item after the one with {@code id}; items may have gone since the cursor was made. */
    private static <T> int indexAfter(List<T> sorted, ToLongFunction<T> id, long cursorId) {
        for (int i = 0; i < sorted.size(); i++) {
            if (id.applyAsLong(sorted.get(i)) == cursorId) {
                return i + 1;
            }
        }
        throw new GraphqlException("Invalid cursor for current pagination sort.", "BAD_REQUEST");
    }
}

package io.possync.sandbox.woocommerce;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * The filters of {@code GET /orders}: {@code status} (list; default {@code any}, which leaves out
 * trash and drafts), {@code after|before} (created) and {@code modified_after|modified_before}, compared
 * in site time unless {@code dates_are_gmt=true}; {@code orderby} date|id|modified|include, {@code order}
 * asc|desc (default date desc).
 */
record WooOrderQuery(Set<String> statuses, LocalDateTime after, LocalDateTime before, LocalDateTime modifiedAfter,
                     LocalDateTime modifiedBefore, boolean gmt, String orderBy, boolean ascending,
                     WooResources resources) {

    private static final Set<String> ORDER_BY = Set.of("date", "id", "modified", "include", "title", "slug");

    static WooOrderQuery of(Map<String, String> query, WooResources resources) {
        String status = query.getOrDefault("status", "any");
        String orderBy = query.getOrDefault("orderby", "date");
        if (!ORDER_BY.contains(orderBy)) {
            throw WooApiError.invalidParam("orderby", "orderby is not one of " + ORDER_BY + ".");
        }
        String order = query.getOrDefault("order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw WooApiError.invalidParam("order", "order is not one of asc, desc.");
        }
        return new WooOrderQuery("any".equals(status) ? null : Set.copyOf(Arrays.asList(status.split(","))),
                date(query, "after"), date(query, "before"), date(query, "modified_after"),
                date(query, "modified_before"), "true".equals(query.get("dates_are_gmt")), orderBy,
                order.equals("asc"), resources);
    }

    boolean matches(SimOrder order) {
        boolean statusMatches = statuses == null
                ? !order.status.equals("trash") && !order.status.equals("checkout-draft")
                : statuses.contains(order.status);
        return statusMatches && within(order.created, after, before) && within(order.modified, modifiedAfter, modifiedBefore);
    }

    Comparator<SimOrder> comparator() {
        Comparator<SimOrder> by = switch (orderBy) {
            case "modified" -> Comparator.comparing((SimOrder o) -> o.modified);
            case "id", "include" -> Comparator.comparingLong((SimOrder o) -> o.id);
            default -> Comparator.comparing((SimOrder o) -> o.created);
        };
        by = by.thenComparingLong(o -> o.id);
        return ascending ? by : by.reversed();
    }

    private boolean within(Instant at, LocalDateTime from, LocalDateTime to) {
        LocalDateTime value = gmt ? LocalDateTime.ofInstant(at, ZoneOffset.UTC) : resources.local(at);
        return (from == null || value.isAfter(from)) && (to == null || value.isBefore(to));
    }

    private static LocalDateTime date(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.length() > 19 ? value.substring(0, 19) : value);
        } catch (DateTimeParseException e) {
            throw WooApiError.invalidParam(name, "Invalid date.");
        }
    }
}

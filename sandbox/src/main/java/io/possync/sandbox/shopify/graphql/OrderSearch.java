package io.possync.sandbox.shopify.graphql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.possync.sandbox.shopify.order.SimOrder;

/**
 * The subset of Shopify's order search syntax the platform uses: {@code source_name:pos},
 * {@code financial_status:paid}, {@code status:cancelled|open}, {@code name:#1001}, {@code sku:"A-1"},
 * and {@code updated_at}/{@code created_at} with {@code > >= < <=}. Terms are AND-ed; unknown terms are
 * ignored, as Shopify ignores them (it only adds a search warning).
 */
final class OrderSearch {

    private static final Pattern TERM = Pattern.compile("(\\w+):(>=|<=|>|<)?('[^']*'|\"[^\"]*\"|\\S+)");

    private OrderSearch() {
    }

    static Predicate<SimOrder> parse(String query) {
        List<Predicate<SimOrder>> terms = new ArrayList<>();
        if (query != null) {
            Matcher matcher = TERM.matcher(query);
            while (matcher.find()) {
                terms.add(term(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2), unquote(matcher.group(3))));
            }
        }
        return order -> terms.stream().allMatch(t -> t.test(order));
    }

    private static Predicate<SimOrder> term(String field, String comparator, String value) {
        return switch (field) {
            case "source_name" -> o -> value.equalsIgnoreCase(o.sourceName());
            case "financial_status" -> o -> value.equalsIgnoreCase(o.financialStatus());
            case "status" -> o -> value.equalsIgnoreCase("cancelled") == o.cancelled();
            case "name" -> o -> o.name().equals(value) || o.name().equals("#" + value);
            case "sku" -> o -> o.lines().stream().anyMatch(l -> value.equals(l.sku()));
            case "updated_at" -> time(comparator, value, SimOrder::updatedAt);
            case "created_at" -> time(comparator, value, SimOrder::createdAt);
            default -> o -> true;
        };
    }

    private static Predicate<SimOrder> time(String comparator, String value,
                                            java.util.function.Function<SimOrder, Instant> of) {
        Instant bound = instant(value);
        String op = comparator == null ? ">=" : comparator;
        return order -> {
            int c = of.apply(order).compareTo(bound);
            return switch (op) {
                case ">" -> c > 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> c >= 0;
            };
        };
    }

    private static Instant instant(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw new GraphqlException("Invalid date in search query: " + value, "BAD_REQUEST");
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") || value.startsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}

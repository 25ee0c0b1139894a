package io.possync.engine.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks shared by the controllers; each failure names the field. */
final class RequestValidation {

    /** Ids become parts of compound keys joined with '|', so they are restricted to a safe alphabet. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private RequestValidation() {
    }

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiError.invalid(field, "must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiError.invalid(field, "is required");
        }
        return value.strip();
    }

    static <E extends Enum<E>> E oneOf(String field, String value, Set<E> allowed) {
        String name = required(field, value).toUpperCase(Locale.ROOT);
        for (E candidate : allowed) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        throw ApiError.invalid(field, "must be one of " + allowed.stream()
                .map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }
}

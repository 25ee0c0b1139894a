package io.possync.connector.woocommerce.mapping;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.possync.common.kafka.PermanentFailure;

/** WooCommerce dates: {@code YYYY-MM-DDTHH:MM:SS} with no offset; the {@code _gmt} twins are UTC. */
public final class WooDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private WooDates() {
    }

    public static Instant parseGmt(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PermanentFailure(field + " is missing");
        }
        try {
            return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PermanentFailure(field + " '" + value + "' is not a WooCommerce date", e);
        }
    }

    /** The form query parameters such as {@code modified_after} take (with {@code dates_are_gmt=true}). */
    public static String formatGmt(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}

package io.possync.connector.zettle.client;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Zettle's timestamps: REST answers write {@code 2021-04-19T13:15:37.904+0000}, the Pusher envelope
 * {@code …Z}; both are accepted, as are {@code +00:00} offsets and epoch milliseconds (PurchaseCreated).
 */
public final class ZettleTime {

    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,}");

    private ZettleTime() {
    }

    /**
     * @throws IllegalArgumentException when the text is no timestamp Zettle is known to send
     */
    public static Instant parse(String text) {
        String value = text.strip();
        if (EPOCH_MILLIS.matcher(value).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        String iso = COMPACT_OFFSET.matcher(value).replaceFirst("$1:$2");
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                // no offset at all is undocumented; Zettle keeps every time in UTC
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a Zettle timestamp", e);
            }
        }
    }
}

package io.possync.connector.shopify.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.shopify.client.ShopifyInventoryLevelPayload;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import tools.jackson.core.JacksonException;

/**
 * Reads {@code inventory_levels/update} deliveries, recognises the echo of our own writes and turns the
 * rest into {@link StockChanged}. Pure: the SKU and the mapping come from the caller.
 */
public class ShopifyStockNormalizer {

    public static final String TOPIC = "inventory_levels/update";
    /** How far a webhook's time may be from one of our recent writes of the same level for it to be that write's echo. */
    static final java.time.Duration RECENT_TOLERANCE = java.time.Duration.ofSeconds(2);

    /** What to do with an observed level. */
    public enum Verdict {
        /** A change someone else made: publish it. */
        PUBLISH,
        /** The level we wrote, coming back: drop it. */
        ECHO,
        /** Older than our last write, which has overwritten it: drop it. */
        STALE
    }

    /** A readable delivery: {@code available} may be null (item no longer tracked). */
    public record LevelUpdate(long inventoryItemId, long locationId, Long available, Instant updatedAt) {
    }

    private final ShopifyPayloadReader reader;

    public ShopifyStockNormalizer(ShopifyPayloadReader reader) {
        this.reader = reader;
    }

    public LevelUpdate read(WebhookEnvelope envelope) {
        ByteBuffer view = envelope.getBody().duplicate();
        byte[] body = new byte[view.remaining()];
        view.get(body);
        ShopifyInventoryLevelPayload payload;
        try {
            payload = reader.readInventoryLevel(body);
        } catch (JacksonException e) {
            throw new PermanentFailure("inventory level payload is not readable JSON: " + e.getOriginalMessage(), e);
        }
        if (payload == null || payload.inventoryItemId() == null || payload.locationId() == null
                || payload.updatedAt() == null) {
            throw new PermanentFailure("inventory level payload lacks inventory_item_id, location_id or updated_at");
        }
        try {
            // webhook dates carry the shop's UTC offset ("2026-03-01T10:15:00+01:00")
            return new LevelUpdate(payload.inventoryItemId(), payload.locationId(), payload.available(),
                    OffsetDateTime.parse(payload.updatedAt()).toInstant());
        } catch (DateTimeParseException e) {
            throw new PermanentFailure("inventory level has an unreadable updated_at '" + payload.updatedAt() + "'", e);
        }
    }

    /**
     * Our own write comes back as a plain level change (pitfall §8.5): the same level, not older than
     * the write, is its echo. A level older than our last write describes a state the write replaced
     * (deliveries come late and out of order, §8.3). Webhook times have whole seconds, so write times
     * are compared at that precision (both are Shopify's clock). The echo of an earlier write of a burst,
     * or of a write whose outcome we have not recorded yet, is recognised among our recent writes by its
     * level and a time within {@link #RECENT_TOLERANCE} (announced writes carry our clock, not Shopify's).
     */
    public static Verdict judge(InventoryMapping mapping, long available, Instant updatedAt) {
        if (mapping == null) {
            return Verdict.PUBLISH;
        }
        // no recorded write yet: the first write's outcome may still be on its way, so only the announced
        // writes below can tell its echo
        if (mapping.lastWrittenAt() != null) {
            Instant written = mapping.lastWrittenAt().truncatedTo(ChronoUnit.SECONDS);
            if (updatedAt.isBefore(written)) {
                return Verdict.STALE;
            }
            if (mapping.lastWrittenLevel() != null && mapping.lastWrittenLevel() == available) {
                return Verdict.ECHO;
            }
        }
        for (InventoryMapping.Write write : mapping.recentWrites()) {
            Instant at = write.at().truncatedTo(ChronoUnit.SECONDS);
            if (write.level() == available && !updatedAt.isBefore(at.minus(RECENT_TOLERANCE))
                    && !updatedAt.isAfter(at.plus(RECENT_TOLERANCE))) {
                return Verdict.ECHO;
            }
        }
        return Verdict.PUBLISH;
    }

    /**
     * Whether the order of this level against the last one known for its item cannot be told from what
     * Shopify sends: another level within the same second. {@code updated_at} has whole seconds; the
     * reference leaves the format of {@code X-Shopify-Triggered-At} unconfirmed and does not say that
     * {@code X-Shopify-Event-Id} is ordered, so neither is relied on (the safer reading), and the body has no
     * level before the change. Such a level is not guessed at: the connector reads the level from Shopify.
     */
    public static boolean orderUnknown(Long knownLevel, Instant knownAt, long available, Instant updatedAt) {
        return knownLevel != null && knownAt != null && knownLevel != available
                && knownAt.truncatedTo(ChronoUnit.SECONDS).equals(updatedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The event of a level change. Its id follows the change itself (connection, SKU, time and level),
     * not the delivery, so duplicates of the webhook and a poll that reads the same level at the same
     * {@code updatedAt} collapse into one event.
     */
    public static StockChanged toEvent(WebhookEnvelope envelope, String sku, LevelUpdate update, String locationGid) {
        EventHeader delivery = envelope.getHeader();
        String shopifyEventId = envelope.getHeaders().get("x-shopify-event-id");
        return event(delivery.getTenantId(), delivery.getConnectionId(), sku, update.available(), update.updatedAt(),
                locationGid, shopifyEventId == null || shopifyEventId.isBlank() ? null : shopifyEventId,
                delivery.getCorrelationId(), delivery.getEventId());
    }

    /**
     * The event of the level read from Shopify in place of a delivery whose order within its second could not
     * be told ({@link #orderUnknown}): read after every change the connector has seen, so it is the newest of
     * them. Its version is the level's time, as a poll's; the delivery caused it.
     */
    public static StockChanged reread(WebhookEnvelope envelope, String sku, long available, Instant updatedAt,
                                      String locationGid) {
        EventHeader delivery = envelope.getHeader();
        return event(delivery.getTenantId(), delivery.getConnectionId(), sku, available, updatedAt, locationGid, null,
                delivery.getCorrelationId(), delivery.getEventId());
    }

    /**
     * The event of a level read by the reconciliation poll: the same id as its webhook's. GraphQL has no
     * event id, so the version is the level's time; the engine takes a level of the same time as the one
     * it holds as the same change. No delivery caused it, so it has no causation id (how the engine
     * tells a poll's finding) and starts its own correlation.
     */
    public static StockChanged polled(String tenantId, String connectionId, String sku, long available,
                                      Instant updatedAt, String locationGid) {
        return event(tenantId, connectionId, sku, available, updatedAt, locationGid, null, null, null);
    }

    private static StockChanged event(String tenantId, String connectionId, String sku, long available,
                                      Instant updatedAt, String locationGid, String shopifyEventId,
                                      String correlationId, String causationId) {
        String eventId = UUID.nameUUIDFromBytes((connectionId + "|" + sku + "|" + updatedAt + "|"
                + available).getBytes(StandardCharsets.UTF_8)).toString();
        return StockChanged.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(eventId)
                        .setTenantId(tenantId)
                        .setConnectionId(connectionId)
                        .setSourceSystem(SystemKind.SHOPIFY)
                        .setOccurredAt(updatedAt)
                        .setCorrelationId(correlationId != null ? correlationId : eventId)
                        .setCausationId(causationId)
                        .build())
                .setSku(sku)
                .setLevel(available)
                .setLocationRef(locationGid)
                .setSourceVersion(shopifyEventId != null ? shopifyEventId : updatedAt.toString())
                .setChangedAt(updatedAt)
                .build();
    }
}

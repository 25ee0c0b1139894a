package io.possync.connector.zettle.stock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

/**
 * Builds the {@link StockChanged} of one observed Zettle STORE level, from a webhook or a poll.
 * Its id follows the change, not the delivery: the same change seen twice maps to the same event.
 */
public final class ZettleStockEvents {

    private ZettleStockEvents() {
    }

    /**
     * One observed level.
     *
     * @param previousLevel   the level before the change when Zettle reports it, else null
     * @param inventoryUuid   the STORE inventory the level belongs to
     * @param sourceVersion   Zettle's identity of the change, or null (then time and level identify it)
     * @param correlationId   chain id; the event id when null (a poll starts a chain)
     * @param causationId     the delivery that caused the event, or null
     */
    public record Observed(String tenantId, String connectionId, String sku, long level, Long previousLevel,
                           String inventoryUuid, String sourceVersion, Instant changedAt, String correlationId,
                           String causationId) {
    }

    /**
     * The deterministic event id of (connection, SKU, change): the change is its source version, else
     * its time and level, named as the engine names a change.
     */
    public static String eventId(String connectionId, String sku, String sourceVersion, Instant changedAt,
                                 long level) {
        String change = sourceVersion != null ? sourceVersion : changedAt.toEpochMilli() + "@" + level;
        return UUID.nameUUIDFromBytes((connectionId + "|" + sku + "|" + change).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public static StockChanged toEvent(Observed observed) {
        String eventId = eventId(observed.connectionId(), observed.sku(), observed.sourceVersion(),
                observed.changedAt(), observed.level());
        return StockChanged.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(eventId)
                        .setTenantId(observed.tenantId())
                        .setConnectionId(observed.connectionId())
                        .setSourceSystem(SystemKind.ZETTLE)
                        .setOccurredAt(observed.changedAt())
                        .setCorrelationId(observed.correlationId() != null ? observed.correlationId() : eventId)
                        .setCausationId(observed.causationId())
                        .build())
                .setSku(observed.sku())
                .setLevel(observed.level())
                .setPreviousLevel(observed.previousLevel())
                .setLocationRef(observed.inventoryUuid())
                .setSourceVersion(observed.sourceVersion())
                .setChangedAt(observed.changedAt())
                .build();
    }
}

package io.possync.connector.zettle.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

class ZettleStockEventsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:37.904Z");

    @Test
    void theEventIdIsFixedByConnectionSkuAndSourceVersion() {
        String id = ZettleStockEvents.eventId("zettle-1", "SKU-1", "v1", AT, 10);

        assertThat(id).isEqualTo(ZettleStockEvents.eventId("zettle-1", "SKU-1", "v1", AT.plusSeconds(5), 11))
                .isEqualTo(UUID.nameUUIDFromBytes("zettle-1|SKU-1|v1".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(ZettleStockEvents.eventId("zettle-1", "SKU-2", "v1", AT, 10)).isNotEqualTo(id);
        assertThat(ZettleStockEvents.eventId("zettle-2", "SKU-1", "v1", AT, 10)).isNotEqualTo(id);
        assertThat(ZettleStockEvents.eventId("zettle-1", "SKU-1", "v2", AT, 10)).isNotEqualTo(id);
    }

    @Test
    void withoutSourceVersionTheChangeIsNamedByItsTimeAndLevelAsTheEngineNamesIt() {
        String id = ZettleStockEvents.eventId("zettle-1", "SKU-1", null, AT, 10);

        assertThat(id).isEqualTo(UUID.nameUUIDFromBytes(("zettle-1|SKU-1|" + AT.toEpochMilli() + "@10")
                .getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(ZettleStockEvents.eventId("zettle-1", "SKU-1", null, AT, 9)).isNotEqualTo(id);
        assertThat(ZettleStockEvents.eventId("zettle-1", "SKU-1", null, AT.plusMillis(1), 10)).isNotEqualTo(id);
    }

    @Test
    void anObservedLevelBecomesAStockChangedCausedByItsDelivery() {
        StockChanged event = ZettleStockEvents.toEvent(new ZettleStockEvents.Observed("tenant", "zettle-1", "SKU-1",
                10, 12L, "store-uuid", "v1", AT, "correlation", "delivery-event"));

        assertThat(event.getHeader().getEventId()).isEqualTo(ZettleStockEvents.eventId("zettle-1", "SKU-1", "v1", AT,
                10));
        assertThat(event.getHeader().getTenantId()).isEqualTo("tenant");
        assertThat(event.getHeader().getConnectionId()).isEqualTo("zettle-1");
        assertThat(event.getHeader().getSourceSystem()).isEqualTo(SystemKind.ZETTLE);
        assertThat(event.getHeader().getOccurredAt()).isEqualTo(AT);
        assertThat(event.getHeader().getCorrelationId()).isEqualTo("correlation");
        assertThat(event.getHeader().getCausationId()).isEqualTo("delivery-event");
        assertThat(event.getSku()).isEqualTo("SKU-1");
        assertThat(event.getLevel()).isEqualTo(10);
        assertThat(event.getPreviousLevel()).isEqualTo(12L);
        assertThat(event.getLocationRef()).isEqualTo("store-uuid");
        assertThat(event.getSourceVersion()).isEqualTo("v1");
        assertThat(event.getChangedAt()).isEqualTo(AT);
    }

    @Test
    void aPolledLevelStartsItsOwnChain() {
        StockChanged event = ZettleStockEvents.toEvent(new ZettleStockEvents.Observed("tenant", "zettle-1", "SKU-1",
                10, null, "store-uuid", "abc@" + AT, AT, null, null));

        assertThat(event.getHeader().getCorrelationId()).isEqualTo(event.getHeader().getEventId());
        assertThat(event.getHeader().getCausationId()).isNull();
        assertThat(event.getPreviousLevel()).isNull();
    }
}

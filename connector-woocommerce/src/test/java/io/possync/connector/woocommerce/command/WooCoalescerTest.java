package io.possync.connector.woocommerce.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

class WooCoalescerTest {

    @Test
    void latestLevelPerSkuWinsAndOlderOnesAreSupersededByIt() {
        ConnectorCommand a1 = set("c1", "A", 5);
        ConnectorCommand b1 = set("c2", "B", 9);
        ConnectorCommand a2 = set("c3", "A", 3);
        ConnectorCommand a3 = set("c4", "A", 4);

        WooCoalescer.Plan plan = WooCoalescer.plan(List.of(a1, b1, a2, a3));

        assertThat(plan.writes()).containsOnlyKeys("A", "B");
        assertThat(plan.writes().get("A")).isSameAs(a3);
        assertThat(plan.writes().get("B")).isSameAs(b1);
        assertThat(plan.writes().keySet()).containsExactly("A", "B");
        assertThat(plan.superseded()).containsExactly(java.util.Map.entry("c1", "c4"), java.util.Map.entry("c3", "c4"));
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void adjustmentsAndNegativeLevelsAreRefusedWithoutARequest() {
        ConnectorCommand adjust = command("c1", new AdjustStock("A", -1, StockChangeReason.ORDER_TRANSFER, null, null));
        ConnectorCommand negative = set("c2", "B", -2);

        WooCoalescer.Plan plan = WooCoalescer.plan(List.of(adjust, negative));

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.refused()).containsOnlyKeys("c1", "c2");
        assertThat(plan.refused().values()).allMatch(o -> o.status() == CommandStatus.PARKED);
        assertThat(plan.refused().get("c2").reason()).contains("negative");
    }

    @Test
    void chunksKeepOrderAndTheCap() {
        List<Integer> items = java.util.stream.IntStream.range(0, 250).boxed().toList();

        List<List<Integer>> chunks = WooCoalescer.chunks(items, 100);

        assertThat(chunks).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(chunks.get(2).get(0)).isEqualTo(200);
    }

    static ConnectorCommand set(String id, String sku, long level) {
        return command(id, new SetStockLevel(sku, level, null, StockChangeReason.MASTER_SYNC));
    }

    static ConnectorCommand command(String id, Object action) {
        return ConnectorCommand.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("e-" + id).setTenantId("t").setConnectionId("woo-1")
                        .setSourceSystem(SystemKind.UNKNOWN).setOccurredAt(Instant.EPOCH).setCorrelationId("corr")
                        .build())
                .setCommandId(id).setTargetConnectionId("woo-1").setTargetSystem(SystemKind.WOOCOMMERCE)
                .setAction(action).build();
    }
}

package io.possync.connector.shopify.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.common.command.CommandOutcome;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

class StockCoalescerTest {

    @Test
    void theLatestLevelPerSkuWinsAndEarlierOnesAreAnsweredThroughIt() {
        List<ConnectorCommand> commands = List.of(set("c1", "A", 5), set("c2", "B", 1), set("c3", "A", 3),
                set("c4", "A", 9), set("c5", "B", 2));

        StockCoalescer.Plan plan = StockCoalescer.coalesce(commands);

        assertThat(plan.latest()).extracting(ConnectorCommand::getCommandId).containsExactly("c4", "c5");
        assertThat(plan.winnerOf()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 3, 1, 4, 2, 3, 3, 3, 4, 4));
        assertThat(plan.unsupported()).isEmpty();
    }

    @Test
    void commandsOtherThanSetStockLevelAreSetAside() {
        ConnectorCommand adjust = command("c2", new AdjustStock("A", -1, StockChangeReason.ORDER_TRANSFER, null, null));

        StockCoalescer.Plan plan = StockCoalescer.coalesce(List.of(set("c1", "A", 4), adjust));

        assertThat(plan.unsupported()).containsExactly(1);
        assertThat(plan.latest()).extracting(ConnectorCommand::getCommandId).containsExactly("c1");
    }

    @Test
    void aSupersededCommandIsAppliedThroughItsWinnerAndNamesIt() {
        CommandOutcome decided = CommandOutcome.applied(1, Map.of("level", "9"));

        CommandOutcome outcome = StockCoalescer.answeredBy(set("c1", "A", 5), set("c4", "A", 9), decided);

        assertThat(outcome.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(outcome.details()).containsEntry("superseded", "c4").containsEntry("level", "9");
    }

    @Test
    void theSameCommandTwiceInABatchIsAppliedOnceAndReportedAlreadyApplied() {
        StockCoalescer.Plan plan = StockCoalescer.coalesce(List.of(set("c1", "A", 5), set("c1", "A", 5)));
        CommandOutcome decided = CommandOutcome.applied(1, Map.of("level", "5"));

        assertThat(plan.latest()).hasSize(1);
        assertThat(StockCoalescer.answeredBy(set("c1", "A", 5), set("c1", "A", 5), decided).status())
                .isEqualTo(CommandStatus.ALREADY_APPLIED);
    }

    @Test
    void aParkedWinnerParksTheCommandsItSuperseded() {
        CommandOutcome parked = CommandOutcome.parked("SKU A not found in Shopify", 0, Map.of());

        assertThat(StockCoalescer.answeredBy(set("c1", "A", 5), set("c2", "A", 6), parked)).isEqualTo(parked);
    }

    static ConnectorCommand set(String id, String sku, long level) {
        return command(id, new SetStockLevel(sku, level, null, StockChangeReason.MASTER_SYNC));
    }

    private static ConnectorCommand command(String id, Object action) {
        return ConnectorCommand.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("e-" + id).setTenantId("t").setConnectionId("shop")
                        .setSourceSystem(SystemKind.ZETTLE).setOccurredAt(Instant.parse("2026-11-22T12:00:00Z"))
                        .setCorrelationId("corr").build())
                .setCommandId(id)
                .setTargetConnectionId("shop")
                .setTargetSystem(SystemKind.SHOPIFY)
                .setAction(action)
                .build();
    }
}

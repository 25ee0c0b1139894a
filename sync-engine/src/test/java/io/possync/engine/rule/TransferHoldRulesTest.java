package io.possync.engine.rule;

import static io.possync.engine.TestOrders.line;
import static io.possync.engine.rule.DecisionKind.SET_STOCK_LEVEL;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.TRANSFER_HELD;
import static io.possync.engine.rule.DecisionKind.TRANSFER_LINE;
import static io.possync.schemas.avro.OrderState.CANCELLED;
import static io.possync.schemas.avro.OrderState.PAID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.engine.TestOrders;
import io.possync.engine.TestStock;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

/**
 * An order's transfer waits while a webshop may still receive a level decided before the order, and goes
 * out once the results of the lowered levels prove the older ones landed, or when the wait ends.
 */
class TransferHoldRulesTest {

    private final StockReplay replay = new StockReplay(StockRulesTest.flow(FlowTemplate.POS_MASTER, 0));

    @Test
    void orderWhileAWebshopLevelHasNoResultHoldsTheTransferAndLowersTheWebshopsAtOnce() {
        replay.stock(posLevel(10, 0, "a0"));

        FlowDecision decision = replay.order(order(PAID, 1, 2));

        assertThat(replay.moves()).as("no transfer yet").isEmpty();
        assertThat(replay.levels()).containsExactly("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=8",
                "shop-b:SKU-A=8");
        assertThat(decision.log()).extracting(SyncLogEntry::decision)
                .containsExactly(TRANSFER_HELD, SET_STOCK_LEVEL, SET_STOCK_LEVEL);
        assertThat(replay.line("L1").status()).isEqualTo(LineStatus.HELD);
        assertThat(replay.line("L1").transferCommandId()).isEqualTo(transferId());
        Reservation reservation = replay.ledger("SKU-A").reservation(transferId()).orElseThrow();
        assertThat(reservation.quantity()).isEqualTo(2);
        assertThat(reservation.hold().awaiting()).containsOnlyKeys("shop-a", "shop-b")
                .containsEntry("shop-a", lastLevel("shop-a").getCommandId())
                .containsEntry("shop-b", lastLevel("shop-b").getCommandId());
        assertThat(replay.ledger("SKU-A").available(replay.flow())).contains(8L);
    }

    @Test
    void orderWithEveryWebshopLevelReportedIsTransferredAtOnce() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.settleLevels();

        FlowDecision decision = replay.order(order(PAID, 1, 2));

        assertThat(replay.moves()).containsExactly("SKU-A:-2");
        assertThat(decision.log()).extracting(SyncLogEntry::decision).doesNotContain(TRANSFER_HELD);
        assertThat(replay.line("L1").status()).isEqualTo(LineStatus.TRANSFERRED);
        assertThat(replay.ledger("SKU-A").reservation(transferId()).orElseThrow().held()).isFalse();
    }

    @Test
    void heldTransferGoesOutOnlyOnceEveryAwaitedLevelHasItsResult() {
        replay.stock(posLevel(10, 0, "a0"));
        ConnectorCommand oldA = lastLevel("shop-a");
        ConnectorCommand oldB = lastLevel("shop-b");
        replay.order(order(PAID, 1, 2));

        assertThat(replay.levelResult(oldA, CommandStatus.APPLIED).commands()).as("the old level's own result")
                .isEmpty();
        replay.levelResult(oldB, CommandStatus.APPLIED);
        assertThat(replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED).commands())
                .as("shop-b's lowered level may still be behind its old one").isEmpty();
        assertThat(replay.ledger("SKU-A").reservation(transferId()).orElseThrow().hold().awaiting())
                .containsOnlyKeys("shop-b");

        FlowDecision released = replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED);

        assertThat(replay.moves()).containsExactly("SKU-A:-2");
        ConnectorCommand transfer = released.commands().get(0);
        assertThat(transfer.getCommandId()).isEqualTo(transferId());
        assertThat(((AdjustStock) transfer.getAction()).getOrderLineId()).isEqualTo("L1");
        assertThat(transfer.getHeader().getCausationId()).as("caused by the order event")
                .isEqualTo(order(PAID, 1, 2).getHeader().getEventId());
        SyncLogEntry entry = released.log().get(0);
        assertThat(entry.decision()).isEqualTo(TRANSFER_LINE);
        assertThat(entry.id()).isEqualTo(transferId());
        assertThat(entry.ledgerKey()).isEqualTo("t1|f1|1001|L1");
        assertThat(entry.stockLedgerKey()).isEqualTo("t1|f1|SKU-A");
        assertThat(entry.reason()).contains("held transfer released");
        assertThat(replay.ledger("SKU-A").reservation(transferId()).orElseThrow().held()).isFalse();
        assertThat(replay.ledger("SKU-A").reserved()).as("still reserved until the POS level includes it")
                .isEqualTo(2);
    }

    @Test
    void heldTransferIsTheCommandTheOrderWouldHaveSentAtOnce() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED);
        ConnectorCommand released = replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED).commands().get(0);

        StockReplay unheld = new StockReplay(StockRulesTest.flow(FlowTemplate.POS_MASTER, 0));
        unheld.stock(posLevel(10, 0, "a0"));
        unheld.settleLevels();
        unheld.order(order(PAID, 1, 2));

        assertThat(released).isEqualTo(unheld.commands().stream().filter(c -> c.getAction() instanceof AdjustStock)
                .findFirst().orElseThrow());
    }

    @Test
    void parkedAwaitedLevelReleasesTheTransferToo() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        replay.levelResult(lastLevel("shop-a"), CommandStatus.PARKED);

        replay.levelResult(lastLevel("shop-b"), CommandStatus.PARKED);

        assertThat(replay.moves()).containsExactly("SKU-A:-2");
    }

    @Test
    void resultDeliveredAgainAfterTheReleaseSendsNothing() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED);
        replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED);

        FlowDecision again = replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED);

        assertThat(again.commands()).isEmpty();
        assertThat(again.stockTransitions()).isEmpty();
        assertThat(replay.moves()).containsExactly("SKU-A:-2");
    }

    @Test
    void expiredHoldSendsTheTransferAnywayAndSaysWhy() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));

        FlowDecision expired = replay.expired("SKU-A", List.of(transferId()));

        assertThat(replay.moves()).containsExactly("SKU-A:-2");
        assertThat(expired.log()).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo(TRANSFER_LINE);
            assertThat(e.reason()).contains("sent anyway").contains("shop-a").contains("PT5S");
        });
        assertThat(replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED).commands()).isEmpty();
        assertThat(replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED).commands())
                .as("a late result releases nothing twice").isEmpty();
    }

    @Test
    void expiryOfAReleasedOrUnknownHoldChangesNothing() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED);
        replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED);

        FlowDecision expired = replay.expired("SKU-A", List.of(transferId(), "no-such-transfer"));

        assertThat(expired.commands()).isEmpty();
        assertThat(expired.stockTransitions()).isEmpty();
    }

    @Test
    void orderRedeliveredAfterACrashBeforeItsLinesWereRecordedStaysHeld() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        replay.forgetOrderLines();

        FlowDecision again = replay.order(order(PAID, 1, 2));

        assertThat(replay.moves()).isEmpty();
        assertThat(again.commands()).isEmpty();
        assertThat(again.log()).extracting(SyncLogEntry::decision).contains(TRANSFER_HELD)
                .doesNotContain(TRANSFER_LINE, SET_STOCK_LEVEL);
        assertThat(replay.line("L1").status()).isEqualTo(LineStatus.HELD);
    }

    @Test
    void heldOrderDeliveredAgainIsADuplicate() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));

        FlowDecision again = replay.order(order(PAID, 1, 2));

        assertThat(again.commands()).isEmpty();
        assertThat(again.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_DUPLICATE);
    }

    @Test
    void cancellationOfAHeldOrderSendsItsTransferAndItsReturnAndReleasesTheReservation() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));

        FlowDecision cancelled = replay.order(order(CANCELLED, 2, 2));

        assertThat(replay.moves()).as("the POS ends even, whether or not a release sent the transfer already")
                .containsExactly("SKU-A:-2", "SKU-A:2");
        assertThat(cancelled.log()).extracting(SyncLogEntry::decision)
                .startsWith(TRANSFER_LINE, DecisionKind.RETURN_LINE);
        assertThat(replay.line("L1").status()).isEqualTo(LineStatus.RETURNED);
        assertThat(replay.ledger("SKU-A").reservations()).isEmpty();
        assertThat(replay.levels()).endsWith("shop-a:SKU-A=10", "shop-b:SKU-A=10");
        assertThat(replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED).commands()).isEmpty();
    }

    @Test
    void secondOrderWhileTheFirstIsHeldWaitsForItsOwnLevels() {
        replay.stock(posLevel(10, 0, "a0"));
        replay.order(order(PAID, 1, 2));
        ConnectorCommand firstA = lastLevel("shop-a");
        ConnectorCommand firstB = lastLevel("shop-b");
        replay.order(TestOrders.order("t1", "shop-b", "1002", PAID, 1, SalesChannel.WEB,
                List.of(line("L1", "SKU-A", 3))));
        assertThat(replay.levels()).endsWith("shop-a:SKU-A=5", "shop-b:SKU-A=5");

        replay.levelResult(firstA, CommandStatus.APPLIED);
        replay.levelResult(firstB, CommandStatus.APPLIED);
        assertThat(replay.moves()).as("the first order's levels landed").containsExactly("SKU-A:-2");

        replay.levelResult(lastLevel("shop-a"), CommandStatus.APPLIED);
        replay.levelResult(lastLevel("shop-b"), CommandStatus.APPLIED);
        assertThat(replay.moves()).containsExactly("SKU-A:-2", "SKU-A:-3");
    }

    @Test
    void onlyWebshopsWhosePendingLevelIsAboveTheNewAvailabilityAreAwaited() {
        FlowConfig flow = replay.flow();
        StockLedger before = StockLedger.empty("t1", "f1", "SKU-A")
                .withPos(new PosLevel(10, Instant.EPOCH, "p"))
                .withTarget(new TargetStock("shop-a", 7L, "c-a", null, null, null, null))
                .withTarget(new TargetStock("shop-b", 9L, "c-b", null, null, null, 9L, "c-b"));
        StockLedger next = before.withReservation(new Reservation("r1", "o1", "L1", 2, null));

        assertThat(TransferHoldRules.awaiting(flow, before, next)).as("shop-a pending at 7 <= 8; shop-b reported")
                .isEmpty();
        StockLedger higher = before.withTarget(new TargetStock("shop-b", 9L, "c-b2", null, null, null, 9L, "c-b"));
        assertThat(TransferHoldRules.awaiting(flow, higher, higher.withReservation(new Reservation("r1", "o1", "L1", 2,
                null)))).as("shop-b's level 9 sent after the one reported").containsExactly(Map.entry("shop-b", "c-b2"));
    }

    private ConnectorCommand lastLevel(String target) {
        List<ConnectorCommand> levels = replay.commands().stream()
                .filter(c -> c.getAction() instanceof SetStockLevel && c.getTargetConnectionId().equals(target))
                .toList();
        return levels.get(levels.size() - 1);
    }

    private static StockChanged posLevel(long level, int second, String version) {
        return TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, "SKU-A", level, second, version);
    }

    private static OrderPlaced order(OrderState state, int minute, int quantity) {
        return TestOrders.order("t1", "shop-a", "1001", state, minute, SalesChannel.WEB,
                List.of(line("L1", "SKU-A", quantity)));
    }

    private static String transferId() {
        return DeterministicIds.transferCommandId(DeterministicIds.lineKey("t1", "f1", "1001", "L1"));
    }
}

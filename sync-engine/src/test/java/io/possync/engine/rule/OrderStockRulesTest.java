package io.possync.engine.rule;

import static io.possync.engine.TestOrders.line;
import static io.possync.engine.rule.DecisionKind.RETURN_LINE;
import static io.possync.engine.rule.DecisionKind.SET_STOCK_LEVEL;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_STOCK_MASTER_ORDER;
import static io.possync.engine.rule.DecisionKind.SKIP_UNKNOWN_SKU;
import static io.possync.engine.rule.DecisionKind.TRANSFER_LINE;
import static io.possync.schemas.avro.OrderState.CANCELLED;
import static io.possync.schemas.avro.OrderState.PAID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.engine.TestOrders;
import io.possync.engine.TestStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

class OrderStockRulesTest {

    private static final List<OrderLine> LINES = List.of(line("L1", "SKU-A", 2), line("L2", "SKU-B", 1));

    private final StockReplay replay = new StockReplay(StockRulesTest.flow(FlowTemplate.POS_MASTER, 0));

    @Test
    void orderInOneWebshopDrawsThePosAndLowersEveryWebshop() {
        knownPosLevels(10, 5);

        FlowDecision decision = replay.order(order("shop-a", PAID, 1));

        assertThat(replay.moves()).containsExactly("SKU-A:-2", "SKU-B:-1");
        assertThat(replay.levels()).containsSubsequence("shop-a:SKU-A=8", "shop-b:SKU-A=8")
                .containsSubsequence("shop-a:SKU-B=4", "shop-b:SKU-B=4").hasSize(8);
        assertThat(decision.log()).extracting(SyncLogEntry::decision).containsExactly(TRANSFER_LINE, TRANSFER_LINE,
                SET_STOCK_LEVEL, SET_STOCK_LEVEL, SET_STOCK_LEVEL, SET_STOCK_LEVEL);
        assertThat(decision.commands()).filteredOn(c -> c.getAction() instanceof SetStockLevel)
                .allSatisfy(c -> assertThat(((SetStockLevel) c.getAction()).getReason())
                        .isEqualTo(StockChangeReason.ORDER_TRANSFER));
        assertThat(replay.ledger("SKU-A").reservations()).containsOnlyKeys(transferId("L1"));
        assertThat(replay.ledger("SKU-A").reservation(transferId("L1")).orElseThrow().quantity()).isEqualTo(2);
        assertThat(decision.log().get(0).stockLedgerKey()).isEqualTo("t1|f1|SKU-A");
        assertThat(decision.log().get(0).ledgerKey()).isEqualTo("t1|f1|1001|L1");
    }

    @Test
    void cancellationReleasesTheReservationAndRaisesTheWebshopsAgain() {
        knownPosLevels(10, 5);
        replay.order(order("shop-a", PAID, 1));

        FlowDecision cancelled = replay.order(order("shop-a", CANCELLED, 2));

        assertThat(replay.moves()).containsExactly("SKU-A:-2", "SKU-B:-1", "SKU-A:2", "SKU-B:1");
        assertThat(replay.levels()).endsWith("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-B=5",
                "shop-b:SKU-B=5");
        assertThat(cancelled.log()).extracting(SyncLogEntry::decision).startsWith(RETURN_LINE, RETURN_LINE);
        assertThat(replay.ledger("SKU-A").reservations()).isEmpty();
    }

    @Test
    void orderDeliveredTwiceReservesAndSendsOnce() {
        knownPosLevels(10, 5);
        replay.order(order("shop-a", PAID, 1));

        FlowDecision again = replay.order(order("shop-a", PAID, 1));

        assertThat(again.commands()).isEmpty();
        assertThat(again.stockTransitions()).isEmpty();
        assertThat(again.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_DUPLICATE, SKIP_DUPLICATE);
        assertThat(replay.ledger("SKU-A").reserved()).isEqualTo(2);
    }

    @Test
    void orderOfASkuWithoutPosLevelReservesButSendsNoLevel() {
        FlowDecision decision = replay.order(order("shop-a", PAID, 1));

        assertThat(replay.moves()).containsExactly("SKU-A:-2", "SKU-B:-1");
        assertThat(replay.levels()).isEmpty();
        assertThat(decision.log()).extracting(SyncLogEntry::decision)
                .containsExactly(TRANSFER_LINE, TRANSFER_LINE, SKIP_UNKNOWN_SKU, SKIP_UNKNOWN_SKU);
        assertThat(replay.ledger("SKU-A").reserved()).isEqualTo(2);
    }

    @Test
    void posLevelWithoutTheSaleDoesNotRaiseTheWebshopsUntilANewerLevelAfterTheTransferApplied() {
        knownPosLevels(10, 5);
        replay.order(order("shop-a", PAID, 1));
        String transfer = transferId("L1");

        replay.applied(TestStock.result("t1", "pos-1", SystemKind.ZETTLE, transfer, CommandStatus.APPLIED, 500,
                Map.of()), "SKU-A");
        FlowDecision olderLevel = replay.stock(posLevel("SKU-A", 10, 400, "p-old"));
        assertThat(olderLevel.log()).extracting(SyncLogEntry::decision)
                .containsExactly(SKIP_LEVEL_UNCHANGED, SKIP_LEVEL_UNCHANGED);
        assertThat(replay.ledger("SKU-A").reservations()).containsKey(transfer);

        FlowDecision confirmed = replay.stock(posLevel("SKU-A", 8, 600, "p-new"));

        assertThat(replay.ledger("SKU-A").reservations()).isEmpty();
        assertThat(confirmed.log()).extracting(SyncLogEntry::decision)
                .containsExactly(SKIP_LEVEL_UNCHANGED, SKIP_LEVEL_UNCHANGED);
        assertThat(replay.levels()).filteredOn(l -> l.contains("SKU-A")).containsExactly("shop-a:SKU-A=10",
                "shop-b:SKU-A=10", "shop-a:SKU-A=8", "shop-b:SKU-A=8");
    }

    @Test
    void posLevelArrivingBeforeTheAppliedResultIsReleasedByTheResult() {
        knownPosLevels(10, 5);
        replay.order(order("shop-a", PAID, 1));
        String transfer = transferId("L1");
        replay.stock(posLevel("SKU-A", 8, 600, "p-new"));
        assertThat(replay.levels()).endsWith("shop-a:SKU-A=6", "shop-b:SKU-A=6");

        FlowDecision applied = replay.applied(TestStock.result("t1", "pos-1", SystemKind.ZETTLE, transfer,
                CommandStatus.APPLIED, 500, Map.of()), "SKU-A");

        assertThat(replay.ledger("SKU-A").reservations()).isEmpty();
        assertThat(applied.log()).extracting(SyncLogEntry::decision).containsExactly(SET_STOCK_LEVEL, SET_STOCK_LEVEL);
        assertThat(replay.levels()).endsWith("shop-a:SKU-A=8", "shop-b:SKU-A=8");
    }

    @Test
    void resultOfATransferAppliedTwiceChangesNothingTheSecondTime() {
        knownPosLevels(10, 5);
        replay.order(order("shop-a", PAID, 1));
        var result = TestStock.result("t1", "pos-1", SystemKind.ZETTLE, transferId("L1"), CommandStatus.APPLIED, 500,
                Map.of());
        replay.applied(result, "SKU-A");

        FlowDecision again = replay.applied(result, "SKU-A");

        assertThat(again.stockTransitions()).isEmpty();
        assertThat(again.commands()).isEmpty();
    }

    @Test
    void stockMastersOwnOrdersDoNotDrawThePosAgain() {
        StockReplay webshopMaster = new StockReplay(StockRulesTest.flow(FlowTemplate.WEBSHOP_MASTER, 0));

        FlowDecision decision = webshopMaster.order(order("shop-a", PAID, 1));

        assertThat(decision.commands()).isEmpty();
        assertThat(decision.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_STOCK_MASTER_ORDER);
    }

    @Test
    void otherWebshopsOrdersInWebshopMasterDrawThePosAndLowerTheOtherWebshopsOnly() {
        StockReplay webshopMaster = new StockReplay(StockRulesTest.flow(FlowTemplate.WEBSHOP_MASTER, 0));
        webshopMaster.stock(posLevel("SKU-A", 10, 1, "p1"));
        webshopMaster.stock(TestStock.stock("t1", "shop-a", SystemKind.SHOPIFY, "SKU-A", 10, 2, "w1"));
        webshopMaster.settleLevels();

        webshopMaster.order(TestOrders.order("t1", "shop-b", "1001", PAID, 1, SalesChannel.WEB,
                List.of(line("L1", "SKU-A", 3))));

        assertThat(webshopMaster.moves()).containsExactly("SKU-A:-3");
        assertThat(webshopMaster.levels()).containsExactly("shop-b:SKU-A=10", "shop-b:SKU-A=7");
    }

    /** The POS levels, sent to both webshops, whose connectors reported them written. */
    private void knownPosLevels(long skuA, long skuB) {
        replay.stock(posLevel("SKU-A", skuA, 0, "a0"));
        replay.stock(posLevel("SKU-B", skuB, 0, "b0"));
        replay.settleLevels();
    }

    private static StockChanged posLevel(String sku, long level, int second, String version) {
        return TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, sku, level, second, version);
    }

    private static OrderPlaced order(String shop, OrderState state, int minute) {
        return TestOrders.order("t1", shop, "1001", state, minute, SalesChannel.WEB, LINES);
    }

    private static String transferId(String lineId) {
        return DeterministicIds.transferCommandId(DeterministicIds.lineKey("t1", "f1", "1001", lineId));
    }
}

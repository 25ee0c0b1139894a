package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.ADJUST_MASTER_STOCK;
import static io.possync.engine.rule.DecisionKind.ADJUST_POS_STOCK;
import static io.possync.engine.rule.DecisionKind.DRIFT_REPAIRED;
import static io.possync.engine.rule.DecisionKind.SET_STOCK_LEVEL;
import static io.possync.engine.rule.DecisionKind.SKIP_AMBIGUOUS_DELTA;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_ECHO;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_STALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.possync.engine.TestStock;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

/** Flow 1c: shop-a (Shopify) is master of stock, shop-b (WooCommerce) follows it, pos-1 (Zettle) follows by movements. */
class WebshopMasterRulesTest {

    private static final String SKU = "SKU-A";
    private static final FlowConfig FLOW = StockRulesTest.flow(FlowTemplate.WEBSHOP_MASTER, 0);

    private final StockReplay replay = new StockReplay(FLOW);

    @Test
    void posSaleLowersTheStockMasterByTheSoldQuantityAndTheOtherWebshopToItsLevel() {
        inStep(10);

        FlowDecision sale = replay.stock(posChange(8, 10L, 3, "p2"));

        assertThat(decisions(sale)).containsExactly(ADJUST_MASTER_STOCK, SET_STOCK_LEVEL);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-2");
        assertThat(replay.levels()).containsExactly("shop-b:SKU-A=10", "shop-b:SKU-A=8");
        assertThat(replay.moves()).isEmpty();
    }

    @Test
    void theStockMastersReportOfOurAdjustmentMovesNothingBack() {
        inStep(10);
        replay.stock(posChange(8, 10L, 3, "p2"));

        FlowDecision report = replay.stock(master(8, 4, "w2"));

        assertThat(decisions(report)).containsExactly(SKIP_ECHO, SKIP_LEVEL_UNCHANGED);
        assertThat(replay.moves()).isEmpty();
        assertThat(replay.ledger(SKU).target("shop-a").commandId()).isNull();
    }

    @Test
    void aParkedAdjustmentOfTheStockMasterIsTakenOutOfItsRecordedLevelAgain() {
        inStep(10);
        ConnectorCommand adjust = replay.stock(posChange(8, 10L, 3, "p2")).commands().get(0);

        FlowDecision parked = replay.result(adjust, CommandStatus.PARKED, SKU);

        assertThat(decisions(parked)).containsExactly(DecisionKind.MASTER_ADJUSTMENT_PARKED, SET_STOCK_LEVEL);
        assertThat(replay.ledger(SKU).target("shop-a").observed()).as("the master never moved").isEqualTo(10);
        assertThat(replay.ledger(SKU).target("shop-a").commandId()).isNull();
        assertThat(replay.levels()).last().isEqualTo("shop-b:SKU-A=10");
        FlowDecision realChange = replay.stock(master(9, 5, "w3"));
        assertThat(replay.moves()).as("the master's next change moves the POS by its own difference only")
                .containsExactly("SKU-A:-1");
        assertThat(decisions(realChange)).contains(DecisionKind.ADJUST_POS_STOCK);
    }

    @Test
    void anAppliedAdjustmentStaysCountedAndItsResultTwiceChangesNothing() {
        inStep(10);
        ConnectorCommand adjust = replay.stock(posChange(8, 10L, 3, "p2")).commands().get(0);
        replay.result(adjust, CommandStatus.APPLIED, SKU);

        FlowDecision parkedLate = replay.result(adjust, CommandStatus.PARKED, SKU);

        assertThat(parkedLate.stockTransitions()).isEmpty();
        assertThat(replay.ledger(SKU).target("shop-a").observed()).isEqualTo(8);
        assertThat(replay.stock(master(8, 4, "w2")).commands()).as("its report is our own change").isEmpty();
    }

    @Test
    void aParkedAdjustmentAfterTheMasterReportedAgainChangesNothing() {
        inStep(10);
        ConnectorCommand adjust = replay.stock(posChange(8, 10L, 3, "p2")).commands().get(0);
        replay.stock(master(9, 4, "w2"));

        FlowDecision parked = replay.result(adjust, CommandStatus.PARKED, SKU);

        assertThat(parked.stockTransitions()).isEmpty();
        assertThat(replay.ledger(SKU).target("shop-a").observed()).isEqualTo(9);
    }

    @Test
    void ourMovementOfThePosComingBackIsOnlyRecorded() {
        inStep(10);
        ConnectorCommand move = replay.stock(master(7, 3, "w2")).commands().get(0);

        FlowDecision echo = replay.stock(posChange(7, 10L, 4, "p2", move.getCommandId()));

        assertThat(decisions(echo)).containsExactly(SKIP_ECHO);
        assertThat(echo.commands()).isEmpty();
        assertThat(replay.ledger(SKU).pos().level()).isEqualTo(7);
        assertThat(replay.ledger(SKU).pos().ourMoves()).isEmpty();
        assertThat(replay.webshopAdjustments()).isEmpty();
    }

    @Test
    void aRequestCarryingOurMovementAndAnotherChangeAdjustsTheMasterByTheOtherPartOnly() {
        inStep(10);
        ConnectorCommand move = replay.stock(master(7, 3, "w2")).commands().get(0);

        FlowDecision batched = replay.stock(posChange(6, 10L, 4, "p2", move.getCommandId(), "transfer-1"));

        assertThat(decisions(batched)).containsExactly(ADJUST_MASTER_STOCK, SET_STOCK_LEVEL);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-1");
        assertThat(replay.levels()).last().isEqualTo("shop-b:SKU-A=6");
    }

    @Test
    void aPosChangeSeenTwiceAdjustsTheMasterOnce() {
        inStep(10);
        replay.stock(posChange(8, 10L, 3, "p2"));

        FlowDecision again = replay.stock(posChange(8, 10L, 3, "p2"));

        assertThat(decisions(again)).containsExactly(SKIP_DUPLICATE);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-2");
    }


    @Test
    void withoutTheLevelBeforeTheStoredPosLevelGivesTheDifference() {
        inStep(10);

        replay.stock(posChange(9, null, 3, "poll-1"));

        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-1");
    }

    @Test
    void withoutTheLevelBeforeAndOurMovementInFlightNothingIsGuessed() {
        inStep(10);
        replay.stock(master(7, 3, "w2"));

        FlowDecision poll = replay.stock(posChange(7, null, 4, "poll-1"));

        assertThat(decisions(poll)).containsExactly(SKIP_AMBIGUOUS_DELTA);
        assertThat(replay.webshopAdjustments()).isEmpty();
        assertThat(replay.ledger(SKU).pos().level()).as("nothing recorded").isEqualTo(10);
    }

    @Test
    void ourMovementsEchoAfterAnUnclearPollIsStillRecognised() {
        inStep(10);
        ConnectorCommand move = replay.stock(master(7, 3, "w2")).commands().get(0);
        replay.stock(posChange(7, null, 4, "poll-1"));

        FlowDecision echo = replay.stock(posChange(7, 10L, 5, "p2", move.getCommandId()));

        assertThat(decisions(echo)).containsExactly(SKIP_ECHO);
        assertThat(replay.webshopAdjustments()).isEmpty();
    }

    @Test
    void aPollBeforeTheWebhookOfOnePosSaleAdjustsTheMasterOnce() {
        inStep(10);

        replay.stock(posChange(8, null, 4, "poll-1"));
        FlowDecision webhook = replay.stock(posChange(8, 10L, 5, "p2"));

        assertThat(decisions(webhook)).containsExactly(SKIP_LEVEL_UNCHANGED);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-2");
    }

    @Test
    void aWebhookAndAPollOfOneChangeAtTheSameTimeAreOneChange() {
        inStep(10);
        replay.stock(posChange(8, 10L, 4, "p2"));

        FlowDecision poll = replay.stock(posChange(8, null, 4, "checksum@4"));

        assertThat(decisions(poll)).containsExactly(SKIP_DUPLICATE);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-2");
    }

    @Test
    void aChangeOvertakingAnEarlierOneCarriesBothAndTheEarlierIsThenStale() {
        inStep(10);

        replay.stock(posChange(7, 9L, 5, "p3"));
        FlowDecision earlier = replay.stock(posChange(9, 10L, 4, "p2"));

        assertThat(decisions(earlier)).containsExactly(SKIP_STALE);
        assertThat(replay.webshopAdjustments()).containsExactly("shop-a:SKU-A:-3");
    }

    @Test
    void aMovementWhoseEchoNeverCameIsTakenAsAppliedByAMuchLaterPoll() {
        inStep(10);
        replay.stock(master(7, 3, "w2"));
        int later = (int) WebshopMasterRules.MOVE_ECHO_GRACE.toSeconds() + 60;

        replay.stock(posChange(6, null, later, "poll-1"));

        assertThat(replay.webshopAdjustments()).as("the POS sale of 1 only").containsExactly("shop-a:SKU-A:-1");
        assertThat(replay.ledger(SKU).pos().ourMoves()).isEmpty();
    }

    @Test
    void aMasterReportOvertakingOurAdjustmentIsSquaredByTheNextReport() {
        inStep(10);
        replay.stock(posChange(8, 10L, 3, "p2"));

        replay.stock(master(9, 4, "w2"));
        replay.stock(master(7, 5, "w3"));

        assertThat(replay.moves().stream().mapToInt(m -> Integer.parseInt(m.substring(m.indexOf(':') + 1))).sum())
                .as("POS moved by the web sale of 1 only").isEqualTo(-1);
    }

    @Test
    void theMastersAdjustmentHasADeterministicIdFromThePosChange() {
        inStep(10);

        ConnectorCommand adjust = replay.stock(posChange(8, 10L, 3, "p2")).commands().get(0);

        assertThat(adjust.getCommandId()).isEqualTo(DeterministicIds.posSyncCommandId("pos-1", SKU, "p2"));
        assertThat(adjust.getTargetConnectionId()).isEqualTo("shop-a");
        assertThat(adjust.getTargetSystem()).isEqualTo(SystemKind.SHOPIFY);
        AdjustStock action = (AdjustStock) adjust.getAction();
        assertThat(action.getDelta()).isEqualTo(-2);
        assertThat(action.getReason()).isEqualTo(StockChangeReason.MASTER_SYNC);
    }

    @Test
    void aWebshopOrdersDrawOnThePosReachesTheMasterAndReleasesExactlyItsReservation() {
        StockLedger ledger = StockLedger.empty("t1", "f1", SKU)
                .withPos(new PosLevel(10, TestStock.T0, "p1"))
                .withTarget(new TargetStock("shop-a", null, null, 10L, TestStock.T0, "w1", null))
                .withReservation(new Reservation("transfer-1", "o1", "L1", 2, null))
                .withReservation(new Reservation("transfer-2", "o2", "L1", 1, null));

        FlowDecision decision = StockRules.onStockChanged(posChange(8, 10L, 3, "p2", "transfer-1"), FLOW, ledger);

        assertThat(decision.commands()).extracting(c -> c.getTargetConnectionId() + " "
                + describe(c)).containsExactly("shop-a -2", "shop-b 7");
        assertThat(decision.stockTransitions().get(0).next().reservations()).containsOnlyKeys("transfer-2");
    }

    @Test
    void ourMovesInFlightAreBoundedSoALostEchoIsForgottenInTheEnd() {
        PosLevel pos = new PosLevel(10, TestStock.T0, "p1");
        for (int i = 0; i < PosLevel.MAX_OUR_MOVES + 3; i++) {
            pos = pos.withMove("move-" + i, -1, TestStock.T0);
        }

        assertThat(pos.ourMoves()).hasSize(PosLevel.MAX_OUR_MOVES);
        assertThat(pos.ourMoves().get(0).commandId()).isEqualTo("move-3");
    }

    /**
     * Two master changes within one second of Shopify's clock arrive in either order; the connector then reads
     * the level and publishes it last. Levels of one second are taken in arrival order, so the POS ends at it.
     */
    @Test
    void theMasterLevelReadAfterTwoChangesOfOneSecondIsTakenLast() {
        inStep(20);

        replay.stock(master(13, 5, "edit-2"));
        replay.stock(master(15, 5, "edit-1"));
        FlowDecision read = replay.stock(master(13, 5, "read"));

        assertThat(decisions(read)).contains(ADJUST_POS_STOCK);
        assertThat(replay.moves()).containsExactly("SKU-A:-7", "SKU-A:2", "SKU-A:-2");
        assertThat(replay.levels()).last().isEqualTo("shop-b:SKU-A=13");
    }

    /**
     * The follower's report of the level our earlier write set, overtaken by the result of the write after it
     * (its webhook was built before that write landed): not drift, nothing written again.
     */
    @ParameterizedTest(name = "report of second {0}")
    @ValueSource(ints = {3, 4})
    void aLateReportOfTheStateOurConfirmedWriteOverwroteWritesNothing(int reportSecond) {
        followerLoweredTo12ConfirmedAtSecond4();

        FlowDecision late = replay.stock(follower(15, reportSecond));

        assertThat(decisions(late)).containsExactly(SKIP_STALE);
        assertThat(late.commands()).isEmpty();
        assertThat(replay.levels()).containsExactly("shop-b:SKU-A=15", "shop-b:SKU-A=12");
    }

    @Test
    void anotherLevelInTheSecondOfOurWriteMayHaveFollowedItAndIsRepaired() {
        followerLoweredTo12ConfirmedAtSecond4();

        FlowDecision change = replay.stock(follower(9, 4));

        assertThat(decisions(change)).containsExactly(DRIFT_REPAIRED);
        assertThat(replay.levels()).last().isEqualTo("shop-b:SKU-A=12");
    }

    @Test
    void theOverwrittenLevelReportedAfterOurWriteIsRepaired() {
        followerLoweredTo12ConfirmedAtSecond4();

        FlowDecision change = replay.stock(follower(15, 5));

        assertThat(decisions(change)).containsExactly(DRIFT_REPAIRED);
        assertThat(replay.levels()).containsExactly("shop-b:SKU-A=15", "shop-b:SKU-A=12", "shop-b:SKU-A=12");
    }

    @Test
    void withoutTheWebshopsTimeOfOurWriteALateReportIsRepairedAsBefore() {
        followerConfirmedAt(15, 3);
        ConnectorCommand lowered = replay.stock(posChange(12, 15L, 4, "p2")).commands().get(1);
        replay.levelResult(lowered, CommandStatus.APPLIED);

        assertThat(decisions(replay.stock(follower(15, 3)))).containsExactly(DRIFT_REPAIRED);
    }

    /** In step at {@code level}; shop-b's write of it applied at T0 + {@code second}s by its own clock. */
    /** shop-b confirmed at 15 in second 3, then lowered to 12 by a POS sale and confirmed in second 4. */
    private void followerLoweredTo12ConfirmedAtSecond4() {
        followerConfirmedAt(15, 3);
        ConnectorCommand lowered = replay.stock(posChange(12, 15L, 4, "p2")).commands().get(1);
        replay.levelResult(lowered, CommandStatus.APPLIED, TestStock.T0.plusSeconds(4));
    }

    private void followerConfirmedAt(long level, int second) {
        inStep(level);
        ConnectorCommand told = replay.commands().get(replay.commands().size() - 1);
        replay.levelResult(told, CommandStatus.APPLIED, TestStock.T0.plusSeconds(second));
    }

    private static StockChanged follower(long level, int second) {
        return TestStock.stock("t1", "shop-b", SystemKind.WOOCOMMERCE, SKU, level, second, "second-" + second);
    }

    /** POS and stock master at {@code level}, shop-b told it. */
    private void inStep(long level) {
        replay.stock(posChange(level, null, 1, "p1"));
        FlowDecision master = replay.stock(master(level, 2, "w1"));
        assertThat(master.commands()).extracting(ConnectorCommand::getTargetConnectionId).containsExactly("shop-b");
        assertThat(replay.moves()).isEmpty();
    }

    private static StockChanged posChange(long level, Long before, int second, String version,
                                          String... causedBy) {
        StockChanged event = TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, SKU, level, second, version);
        event.setPreviousLevel(before);
        event.setCausedByCommandIds(List.of(causedBy));
        return event;
    }

    private static StockChanged master(long level, int second, String version) {
        return TestStock.stock("t1", "shop-a", SystemKind.SHOPIFY, SKU, level, second, version);
    }

    private static List<DecisionKind> decisions(FlowDecision decision) {
        return decision.log().stream().map(SyncLogEntry::decision).toList();
    }

    private static String describe(ConnectorCommand command) {
        return command.getAction() instanceof AdjustStock adjust ? String.valueOf(adjust.getDelta())
                : String.valueOf(((io.possync.schemas.avro.SetStockLevel) command.getAction()).getLevel());
    }
}

package io.possync.engine.rule;

import static io.possync.engine.rule.DecisionKind.ADJUST_MASTER_STOCK;
import static io.possync.engine.rule.DecisionKind.ADJUST_POS_STOCK;
import static io.possync.engine.rule.DecisionKind.SKIP_AMBIGUOUS_DELTA;
import static io.possync.engine.rule.DecisionKind.DRIFT_REPAIRED;
import static io.possync.engine.rule.DecisionKind.SET_STOCK_LEVEL;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_ECHO;
import static io.possync.engine.rule.DecisionKind.SKIP_LEVEL_UNCHANGED;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_STOCK_MASTER;
import static io.possync.engine.rule.DecisionKind.SKIP_STALE;
import static io.possync.engine.rule.DecisionKind.SKIP_UNKNOWN_SKU;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.possync.engine.TestStock;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

class StockRulesTest {

    private static final String SKU = "SKU-A";

    /** One stock change of SKU-A: {@code source} is "pos", "a" (shop-a) or "b" (shop-b). */
    record Change(String source, long level, int second, String version) {
        StockChanged toEvent() {
            return switch (source) {
                case "pos" -> TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, SKU, level, second, version);
                case "a" -> TestStock.stock("t1", "shop-a", SystemKind.SHOPIFY, SKU, level, second, version);
                default -> TestStock.stock("t1", "shop-b", SystemKind.WOOCOMMERCE, SKU, level, second, version);
            };
        }
    }

    static Change pos(long level, int second, String version) {
        return new Change("pos", level, second, version);
    }

    static Change shop(String which, long level, int second, String version) {
        return new Change(which, level, second, version);
    }

    /**
     * @param levels    every level sent over the whole sequence ("target:sku=level"), in order
     * @param moves     every POS movement ("sku:delta"), in order
     * @param lastEvent the decisions the last change produced, in order
     */
    record Scenario(String name, FlowTemplate template, List<Change> changes, List<String> levels,
                    List<String> moves, List<DecisionKind> lastEvent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        FlowTemplate pos = FlowTemplate.POS_MASTER;
        FlowTemplate master = FlowTemplate.WEBSHOP_MASTER;
        return Stream.of(
                new Scenario("POS level reaches every webshop", pos, List.of(pos(10, 1, "p1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(),
                        List.of(SET_STOCK_LEVEL, SET_STOCK_LEVEL)),
                new Scenario("1b keeps stock exactly as 1a", FlowTemplate.WEBSHOP_PRODUCTS_POS_STOCK,
                        List.of(pos(10, 1, "p1"), pos(7, 2, "p2")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=7", "shop-b:SKU-A=7"), List.of(),
                        List.of(SET_STOCK_LEVEL, SET_STOCK_LEVEL)),
                new Scenario("same POS change by webhook and poll takes effect once", pos,
                        List.of(pos(10, 1, "p1"), pos(10, 1, "p1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(), List.of(SKIP_DUPLICATE)),
                new Scenario("same POS change without a vendor version takes effect once", pos,
                        List.of(pos(10, 1, null), pos(10, 1, null)),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(), List.of(SKIP_DUPLICATE)),
                new Scenario("POS change seen by webhook and poll under different versions takes effect once", pos,
                        List.of(pos(10, 1, "webhook-version"), pos(10, 1, "poll-checksum")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(), List.of(SKIP_DUPLICATE)),
                new Scenario("two POS levels of the same time are two changes", pos,
                        List.of(pos(10, 1, "p1"), pos(7, 1, "p2")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=7", "shop-b:SKU-A=7"), List.of(),
                        List.of(SET_STOCK_LEVEL, SET_STOCK_LEVEL)),
                new Scenario("older POS level never overwrites a newer one", pos,
                        List.of(pos(10, 2, "p2"), pos(7, 1, "p1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(), List.of(SKIP_STALE)),
                new Scenario("new POS change with the level already sent sends nothing", pos,
                        List.of(pos(10, 1, "p1"), pos(10, 2, "p2")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(),
                        List.of(SKIP_LEVEL_UNCHANGED, SKIP_LEVEL_UNCHANGED)),
                new Scenario("negative POS balance is sent as 0", pos, List.of(pos(-3, 1, "p1")),
                        List.of("shop-a:SKU-A=0", "shop-b:SKU-A=0"), List.of(),
                        List.of(SET_STOCK_LEVEL, SET_STOCK_LEVEL)),
                new Scenario("echo of our own write is dropped", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 10, 2, "w1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10"), List.of(), List.of(SKIP_ECHO)),
                new Scenario("webshop drift is repaired with the POS-derived level", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 4, 2, "w1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=10"), List.of(),
                        List.of(DRIFT_REPAIRED)),
                new Scenario("drift seen twice is repaired once", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 4, 2, "w1"), shop("a", 4, 2, "w1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=10"), List.of(),
                        List.of(SKIP_DUPLICATE)),
                new Scenario("drift seen by webhook and poll under different versions is repaired once", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 4, 2, "shopify-event-id"), shop("a", 4, 2, "updated-at")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=10"), List.of(),
                        List.of(SKIP_DUPLICATE)),
                new Scenario("two webshop levels within one vendor second are two changes", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 4, 2, "second-2"), shop("a", 6, 2, "second-2")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=10", "shop-a:SKU-A=10"), List.of(),
                        List.of(DRIFT_REPAIRED)),
                new Scenario("older webshop report is ignored", pos,
                        List.of(pos(10, 1, "p1"), shop("a", 4, 5, "w2"), shop("a", 6, 3, "w1")),
                        List.of("shop-a:SKU-A=10", "shop-b:SKU-A=10", "shop-a:SKU-A=10"), List.of(),
                        List.of(SKIP_STALE)),
                new Scenario("webshop change of a SKU never seen from the POS derives nothing", pos,
                        List.of(shop("a", 4, 1, "w1")), List.of(), List.of(), List.of(SKIP_UNKNOWN_SKU)),
                new Scenario("1c: stock master moves the POS by the difference and sets the other webshop", master,
                        List.of(pos(10, 1, "p1"), shop("a", 7, 2, "w1"), shop("a", 9, 3, "w2")),
                        List.of("shop-b:SKU-A=7", "shop-b:SKU-A=9"), List.of("SKU-A:-3", "SKU-A:2"),
                        List.of(ADJUST_POS_STOCK, SET_STOCK_LEVEL)),
                new Scenario("1c: the same master change seen twice moves the POS once", master,
                        List.of(pos(10, 1, "p1"), shop("a", 7, 2, "w1"), shop("a", 7, 2, "w1")),
                        List.of("shop-b:SKU-A=7"), List.of("SKU-A:-3"), List.of(SKIP_DUPLICATE)),
                new Scenario("1c: an older master change never moves the POS", master,
                        List.of(pos(10, 1, "p1"), shop("a", 7, 5, "w2"), shop("a", 3, 4, "w1")),
                        List.of("shop-b:SKU-A=7"), List.of("SKU-A:-3"), List.of(SKIP_STALE)),
                new Scenario("1c: the other webshop's echo is dropped", master,
                        List.of(pos(10, 1, "p1"), shop("a", 7, 2, "w1"), shop("b", 7, 3, "b1")),
                        List.of("shop-b:SKU-A=7"), List.of("SKU-A:-3"), List.of(SKIP_ECHO)),
                new Scenario("1c: a POS level without its level before while our movement is in flight moves nothing",
                        master, List.of(pos(10, 1, "p1"), shop("a", 7, 2, "w1"), pos(7, 3, "p2")),
                        List.of("shop-b:SKU-A=7"), List.of("SKU-A:-3"), List.of(SKIP_AMBIGUOUS_DELTA)),
                new Scenario("1c: the first POS level is only recorded", master, List.of(pos(10, 1, "p1")),
                        List.of(), List.of(), List.of(SKIP_NOT_STOCK_MASTER)),
                new Scenario("1c: master change of a SKU the POS never reported moves nothing", master,
                        List.of(shop("a", 7, 2, "w1")), List.of(), List.of(), List.of(SKIP_UNKNOWN_SKU)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidesEveryStockSequence(Scenario scenario) {
        StockReplay replay = new StockReplay(flow(scenario.template(), 0));
        FlowDecision last = null;
        for (Change change : scenario.changes()) {
            last = replay.stock(change.toEvent());
        }
        assertThat(replay.levels()).as("levels sent").isEqualTo(scenario.levels());
        assertThat(replay.moves()).as("POS movements").isEqualTo(scenario.moves());
        assertThat(last.log()).extracting(SyncLogEntry::decision).as("decisions of the last change")
                .isEqualTo(scenario.lastEvent());
    }

    @ParameterizedTest(name = "POS {0}, reserved {1}, buffer {2} -> {3}")
    @CsvSource({"10, '', 0, 10", "10, '2', 0, 8", "10, '2 3', 1, 4", "3, '2 3', 0, 0", "3, '', 5, 0",
            "-4, '', 0, 0", "0, '', 0, 0", "100, '1 1 1', 10, 87"})
    void availableIsPosLevelMinusReservationsMinusBufferNeverBelowZero(long posLevel, String reserved, int buffer,
                                                                       long expected) {
        StockLedger ledger = StockLedger.empty("t1", "f1", SKU)
                .withPos(new PosLevel(posLevel, TestStock.T0, "p0"));
        int i = 0;
        for (String quantity : reserved.isBlank() ? new String[0] : reserved.split(" ")) {
            ledger = ledger.withReservation(new Reservation("r" + i++, "o1", "L" + i, Integer.parseInt(quantity), null));
        }
        FlowConfig flow = flow(FlowTemplate.POS_MASTER, buffer);

        assertThat(ledger.available(flow)).contains(expected);
        FlowDecision decision = StockRules.onStockChanged(TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, SKU,
                posLevel, 1, "p1"), flow, ledger);
        assertThat(decision.commands()).extracting(c -> ((SetStockLevel) c.getAction()).getLevel())
                .containsExactly(expected, expected);
    }

    @Test
    void setStockLevelCarriesTheLastSentLevelAsExpectedCurrentAndADeterministicId() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(pos(10, 1, "p1").toEvent());
        StockChanged second = pos(7, 2, "p2").toEvent();
        StockLedger decidedOn = replay.ledger(SKU);

        FlowDecision decision = replay.stock(second);

        ConnectorCommand toA = decision.commands().get(0);
        SetStockLevel action = (SetStockLevel) toA.getAction();
        assertThat(action.getLevel()).isEqualTo(7);
        assertThat(action.getExpectedCurrent()).isEqualTo(10L);
        assertThat(action.getReason()).isEqualTo(StockChangeReason.MASTER_SYNC);
        assertThat(toA.getTargetConnectionId()).isEqualTo("shop-a");
        assertThat(toA.getTargetSystem()).isEqualTo(SystemKind.SHOPIFY);
        assertThat(decision.commands().get(1).getTargetSystem()).isEqualTo(SystemKind.WOOCOMMERCE);
        assertThat(toA.getCommandId()).isEqualTo(DeterministicIds.setStockLevelCommandId("t1|f1|SKU-A", "shop-a",
                second.getHeader().getEventId(), decidedOn.version()));
        assertThat(toA.getHeader().getCausationId()).isEqualTo(second.getHeader().getEventId());
        assertThat(decision.log().get(0).stockLedgerKey()).isEqualTo("t1|f1|SKU-A");
        assertThat(decision.log().get(0).reason()).contains("available 7 = max(0, 7 - reserved 0 - buffer 0)");
    }

    @Test
    void aPosLevelFoundByThePollAndNotByItsWebhookIsReportedAsRepaired() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(delivered(pos(10, 1, "p1").toEvent()));

        FlowDecision polled = replay.stock(pos(7, 2, "p2").toEvent());

        assertThat(polled.log()).extracting(SyncLogEntry::decision).containsExactly(SET_STOCK_LEVEL, SET_STOCK_LEVEL);
        assertThat(polled.log()).allSatisfy(entry -> assertThat(entry.reason())
                .startsWith("reconciliation poll found POS level 7 (no webhook brought it): repaired"));
    }

    @Test
    void aPosLevelBroughtByItsWebhookIsNotReportedAsARepair() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));

        FlowDecision delivered = replay.stock(delivered(pos(10, 1, "p1").toEvent()));

        assertThat(delivered.log()).allSatisfy(entry -> assertThat(entry.reason()).startsWith("POS level 10:")
                .doesNotContain("reconciliation"));
    }

    @Test
    void aWebshopDriftFoundByThePollIsReportedAsFoundByThePoll() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(delivered(pos(10, 1, "p1").toEvent()));

        FlowDecision polled = replay.stock(shop("a", 4, 2, "2026-03-01T10:00:02Z").toEvent());

        assertThat(polled.log()).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(DRIFT_REPAIRED);
            assertThat(entry.reason()).startsWith("reconciliation poll found webshop level 4, not our last level 10");
        });
    }

    @Test
    void aWebshopLevelReadWhileOurNextWriteIsOnItsWayIsNotDrift() {
        FlowConfig flow = flow(FlowTemplate.POS_MASTER, 0);
        StockLedger pending = StockLedger.empty("t1", "f1", SKU).withPos(new PosLevel(7, TestStock.T0, "p2"))
                .withTarget(new TargetStock("shop-a", 7L, "cmd-7", 10L, TestStock.T0, "w0", 10L));

        FlowDecision before = StockRules.onStockChanged(shop("a", 10, 3, "w1").toEvent(), flow, pending);
        FlowDecision other = StockRules.onStockChanged(shop("a", 12, 3, "w2").toEvent(), flow, pending);

        assertThat(before.commands()).isEmpty();
        assertThat(before.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_STALE);
        assertThat(other.log()).extracting(SyncLogEntry::decision).containsExactly(DRIFT_REPAIRED);
    }

    /** As a webhook brings it: caused by a delivery. */
    private static StockChanged delivered(StockChanged change) {
        change.getHeader().setCausationId("delivery-" + change.getHeader().getEventId());
        return change;
    }

    @Test
    void redecidingTheSameChangeOnTheSameStateGivesTheIdenticalDecision() {
        FlowConfig flow = flow(FlowTemplate.POS_MASTER, 2);
        StockLedger empty = StockLedger.empty("t1", "f1", SKU);
        StockChanged change = pos(10, 1, "p1").toEvent();

        assertThat(StockRules.onStockChanged(change, flow, empty))
                .isEqualTo(StockRules.onStockChanged(change, flow, empty));
    }

    @Test
    void stockMasterMoveHasADeterministicIdFromConnectionSkuAndVersion() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.WEBSHOP_MASTER, 0));
        replay.stock(pos(10, 1, "p1").toEvent());

        FlowDecision decision = replay.stock(shop("a", 12, 2, "w1").toEvent());

        ConnectorCommand move = decision.commands().get(0);
        assertThat(move.getCommandId()).isEqualTo(DeterministicIds.masterSyncCommandId("shop-a", SKU, "w1"));
        assertThat(move.getTargetConnectionId()).isEqualTo("pos-1");
        assertThat(move.getTargetSystem()).isEqualTo(SystemKind.ZETTLE);
        AdjustStock action = (AdjustStock) move.getAction();
        assertThat(action.getDelta()).isEqualTo(2);
        assertThat(action.getReason()).isEqualTo(StockChangeReason.MASTER_SYNC);
    }

    @Test
    void safetyBufferAppliesToTheOtherWebshopsInWebshopMaster() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.WEBSHOP_MASTER, 2));
        replay.stock(pos(10, 1, "p1").toEvent());

        replay.stock(shop("a", 9, 2, "w1").toEvent());

        assertThat(replay.levels()).containsExactly("shop-b:SKU-A=7");
        assertThat(replay.moves()).containsExactly("SKU-A:-1");
    }

    @Test
    void parkedLevelIsForgottenSoTheNextChangeSendsItAgain() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(pos(10, 1, "p1").toEvent());
        StockLedger ledger = replay.ledger(SKU);
        StockLedger parked = ledger.withTarget(new TargetStock("shop-a", null, null, null, null, null, null));

        FlowDecision decision = StockRules.onStockChanged(pos(10, 2, "p2").toEvent(), flow(FlowTemplate.POS_MASTER, 0),
                parked);

        assertThat(decision.commands()).singleElement()
                .satisfies(c -> assertThat(c.getTargetConnectionId()).isEqualTo("shop-a"));
    }

    @Test
    void aPosChangeNamingATransferReleasesExactlyItsReservationWhateverTheClocksSay() {
        StockLedger ledger = StockLedger.empty("t1", "f1", SKU)
                .withPos(new PosLevel(10, TestStock.T0, "p1"))
                .withReservation(new Reservation("transfer-1", "o1", "L1", 2, TestStock.T0.plusSeconds(1)))
                .withReservation(new Reservation("transfer-2", "o2", "L1", 1, null));
        StockChanged change = pos(9, 60, "p2").toEvent();
        change.setCausedByCommandIds(List.of("transfer-2"));

        FlowDecision decision = StockRules.onStockChanged(change, flow(FlowTemplate.POS_MASTER, 0), ledger);

        assertThat(decision.stockTransitions().get(0).next().reservations()).containsOnlyKeys("transfer-1");
        assertThat(decision.commands()).extracting(c -> ((SetStockLevel) c.getAction()).getLevel())
                .containsExactly(7L, 7L);
    }

    @Test
    void aPosChangeNamingNoCommandReleasesReservationsByTimeAsBefore() {
        StockLedger ledger = StockLedger.empty("t1", "f1", SKU)
                .withPos(new PosLevel(10, TestStock.T0, "p1"))
                .withReservation(new Reservation("transfer-1", "o1", "L1", 2, TestStock.T0.plusSeconds(1)))
                .withReservation(new Reservation("transfer-2", "o2", "L1", 1, null));

        FlowDecision decision = StockRules.onStockChanged(pos(8, 60, "p2").toEvent(), flow(FlowTemplate.POS_MASTER, 0),
                ledger);

        assertThat(decision.stockTransitions().get(0).next().reservations()).containsOnlyKeys("transfer-2");
    }

    @Test
    void anOlderPosChangeNamingATransferStillReleasesItsReservationButChangesNoLevel() {
        StockLedger ledger = StockLedger.empty("t1", "f1", SKU)
                .withPos(new PosLevel(7, TestStock.T0.plusSeconds(60), "p3"))
                .withReservation(new Reservation("transfer-1", "o1", "L1", 2, null));
        StockChanged late = pos(8, 30, "p2").toEvent();
        late.setCausedByCommandIds(List.of("transfer-1"));

        FlowDecision decision = StockRules.onStockChanged(late, flow(FlowTemplate.POS_MASTER, 0), ledger);

        assertThat(decision.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_STALE);
        assertThat(decision.commands()).isEmpty();
        StockLedger next = decision.stockTransitions().get(0).next();
        assertThat(next.reservations()).isEmpty();
        assertThat(next.pos().level()).isEqualTo(7);
    }

    /** Two POS sales of one SKU in the same millisecond (Zettle's timestamp resolution), delivered in reverse. */
    @Test
    void ofTwoPosChangesInOneMillisecondTheOneThatFollowsWinsWhateverTheDeliveryOrder() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(pos(10, 1, "p1").toEvent());
        StockChanged first = pos(9, 2, "p2").toEvent();
        first.setPreviousLevel(10L);
        StockChanged second = pos(8, 2, "p3").toEvent();
        second.setPreviousLevel(9L);

        replay.stock(second);
        FlowDecision late = replay.stock(first);

        assertThat(late.log()).extracting(SyncLogEntry::decision).containsExactly(SKIP_STALE);
        assertThat(late.commands()).isEmpty();
        assertThat(replay.ledger(SKU).pos().level()).isEqualTo(8);
    }

    @Test
    void aPosChangeInTheSameMillisecondThatFollowsTheStoredOneIsTakenEvenIfItReturnsToAnEarlierLevel() {
        StockReplay replay = new StockReplay(flow(FlowTemplate.POS_MASTER, 0));
        replay.stock(pos(10, 1, "p1").toEvent());
        StockChanged restock = pos(15, 2, "p2").toEvent();
        restock.setPreviousLevel(10L);
        StockChanged sale = pos(10, 2, "p3").toEvent();
        sale.setPreviousLevel(15L);

        replay.stock(restock);
        FlowDecision after = replay.stock(sale);

        assertThat(after.log()).extracting(SyncLogEntry::decision).containsOnly(SET_STOCK_LEVEL);
        assertThat(replay.ledger(SKU).pos().level()).isEqualTo(10);
    }

    @Test
    void ruleTableMapsStockEventsOfTheStockTemplatesOnly() {
        for (FlowTemplate template : List.of(FlowTemplate.POS_MASTER, FlowTemplate.WEBSHOP_PRODUCTS_POS_STOCK,
                FlowTemplate.WEBSHOP_MASTER)) {
            assertThat(RuleTable.ruleFor(StockChanged.class, template, StockLedger.class)).isPresent();
            assertThat(RuleTable.ruleFor(CommandResult.class, template, StockLedger.class)).isPresent();
            assertThat(RuleTable.ruleFor(OrderPlaced.class, template, OrderStock.class))
                    .isPresent();
        }
        assertThat(RuleTable.ruleFor(StockChanged.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK,
                StockLedger.class)).isEmpty();
        assertThat(RuleTable.ruleFor(OrderPlaced.class,
                FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK, OrderLedger.class)).isPresent();
    }

    static FlowConfig flow(FlowTemplate template, int buffer) {
        return TestStock.flow("t1", "f1", template, buffer,
                template == FlowTemplate.WEBSHOP_MASTER ? "shop-a" : null, "shop-a", "shop-b", "pos-1");
    }
}

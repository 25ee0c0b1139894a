package io.possync.engine.rule;

import static io.possync.engine.TestOrders.line;
import static io.possync.engine.rule.DecisionKind.RETURN_LINE;
import static io.possync.engine.rule.DecisionKind.SKIP_CANCELLED;
import static io.possync.engine.rule.DecisionKind.SKIP_CANCELLED_BEFORE_TRANSFER;
import static io.possync.engine.rule.DecisionKind.SKIP_DUPLICATE;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_AT_TRIGGER;
import static io.possync.engine.rule.DecisionKind.SKIP_NOT_WEB_ORDER;
import static io.possync.engine.rule.DecisionKind.SKIP_NO_QUANTITY;
import static io.possync.engine.rule.DecisionKind.SKIP_NO_SKU;
import static io.possync.engine.rule.DecisionKind.SKIP_POS_ORDER;
import static io.possync.engine.rule.DecisionKind.SKIP_REFUNDED;
import static io.possync.engine.rule.DecisionKind.SKIP_STALE;
import static io.possync.engine.rule.DecisionKind.TRANSFER_LINE;
import static io.possync.schemas.avro.OrderState.AUTHORIZED;
import static io.possync.schemas.avro.OrderState.CANCELLED;
import static io.possync.schemas.avro.OrderState.COMPLETED;
import static io.possync.schemas.avro.OrderState.PAID;
import static io.possync.schemas.avro.OrderState.PARTIALLY_PAID;
import static io.possync.schemas.avro.OrderState.PENDING;
import static io.possync.schemas.avro.OrderState.REFUNDED;
import static io.possync.schemas.avro.OrderState.VOIDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.possync.engine.TestOrders;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

class OrderTransferRulesTest {

    private static final List<OrderLine> TWO_LINES = List.of(line("L1", "SKU-A", 2), line("L2", "SKU-B", 1));

    /** One event of order 1001: state at version {@code minute}, from the webshop unless said otherwise. */
    record Event(OrderState state, int minute, SalesChannel channel, List<OrderLine> lines) {
        static Event web(OrderState state, int minute) {
            return new Event(state, minute, SalesChannel.WEB, TWO_LINES);
        }

        Event withLines(OrderLine... newLines) {
            return new Event(state, minute, channel, List.of(newLines));
        }

        Event via(SalesChannel other) {
            return new Event(state, minute, other, lines);
        }

        OrderPlaced toOrder() {
            return TestOrders.order("t1", "shop-1", "1001", state, minute, channel, lines);
        }
    }

    /**
     * @param deltas    every stock delta emitted over the whole sequence, in order
     * @param lastEvent the decisions the last event produced, in order
     */
    record Scenario(String name, OrderState trigger, List<Event> events, List<Integer> deltas,
                    List<DecisionKind> lastEvent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("created pending draws nothing", PAID,
                        List.of(Event.web(PENDING, 1)), List.of(), List.of(SKIP_NOT_AT_TRIGGER)),
                new Scenario("paid transfers each line", PAID,
                        List.of(Event.web(PAID, 1)), List.of(-2, -1), List.of(TRANSFER_LINE, TRANSFER_LINE)),
                new Scenario("paid delivered twice transfers once", PAID,
                        List.of(Event.web(PAID, 1), Event.web(PAID, 1)), List.of(-2, -1),
                        List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("updated twin after transfer draws nothing more", PAID,
                        List.of(Event.web(PAID, 1), Event.web(PAID, 2)), List.of(-2, -1),
                        List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("completed after paid draws nothing more", PAID,
                        List.of(Event.web(PAID, 1), Event.web(COMPLETED, 2)), List.of(-2, -1),
                        List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("cancelled after transfer returns once", PAID,
                        List.of(Event.web(PAID, 1), Event.web(CANCELLED, 2)), List.of(-2, -1, 2, 1),
                        List.of(RETURN_LINE, RETURN_LINE)),
                new Scenario("voided after transfer returns once", AUTHORIZED,
                        List.of(Event.web(AUTHORIZED, 1), Event.web(VOIDED, 2)), List.of(-2, -1, 2, 1),
                        List.of(RETURN_LINE, RETURN_LINE)),
                new Scenario("cancelled twice returns once", PAID,
                        List.of(Event.web(PAID, 1), Event.web(CANCELLED, 2), Event.web(CANCELLED, 3)),
                        List.of(-2, -1, 2, 1), List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("cancelled redelivered with the same version returns once", PAID,
                        List.of(Event.web(PAID, 1), Event.web(CANCELLED, 2), Event.web(CANCELLED, 2)),
                        List.of(-2, -1, 2, 1), List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("cancelled before paid blocks the order", PAID,
                        List.of(Event.web(PENDING, 1), Event.web(CANCELLED, 2)), List.of(),
                        List.of(SKIP_CANCELLED_BEFORE_TRANSFER, SKIP_CANCELLED_BEFORE_TRANSFER)),
                new Scenario("paid after cancelled-before-paid never transfers", PAID,
                        List.of(Event.web(CANCELLED, 2), Event.web(PAID, 3)), List.of(),
                        List.of(SKIP_CANCELLED, SKIP_CANCELLED)),
                new Scenario("late older paid after cancelled is stale", PAID,
                        List.of(Event.web(CANCELLED, 2), Event.web(PAID, 1)), List.of(), List.of(SKIP_STALE)),
                new Scenario("paid before created: the late created is stale", PAID,
                        List.of(Event.web(PAID, 2), Event.web(PENDING, 1)), List.of(-2, -1), List.of(SKIP_STALE)),
                new Scenario("older cancellation after a newer version never returns", PAID,
                        List.of(Event.web(PAID, 1), Event.web(PAID, 3), Event.web(CANCELLED, 2)), List.of(-2, -1),
                        List.of(SKIP_STALE)),
                new Scenario("returned order re-opened is not transferred again", PAID,
                        List.of(Event.web(PAID, 1), Event.web(CANCELLED, 2), Event.web(PAID, 3)),
                        List.of(-2, -1, 2, 1), List.of(SKIP_DUPLICATE, SKIP_DUPLICATE)),
                new Scenario("refunded without cancellation keeps stock drawn", PAID,
                        List.of(Event.web(PAID, 1), Event.web(REFUNDED, 2)), List.of(-2, -1), List.of(SKIP_REFUNDED)),
                new Scenario("POS order of a webshop connection is skipped", PAID,
                        List.of(Event.web(PAID, 1).via(SalesChannel.POS)), List.of(), List.of(SKIP_POS_ORDER)),
                new Scenario("order from another channel is skipped", PAID,
                        List.of(Event.web(PAID, 1).via(SalesChannel.OTHER)), List.of(), List.of(SKIP_NOT_WEB_ORDER)),
                new Scenario("line without SKU is skipped with a reason", PAID,
                        List.of(Event.web(PAID, 1).withLines(line("L1", "SKU-A", 2), line("L3", null, 1))),
                        List.of(-2), List.of(TRANSFER_LINE, SKIP_NO_SKU)),
                new Scenario("line with zero quantity is skipped", PAID,
                        List.of(Event.web(PAID, 1).withLines(line("L1", "SKU-A", 0))), List.of(),
                        List.of(SKIP_NO_QUANTITY)),
                new Scenario("trigger COMPLETED: paid draws nothing", COMPLETED,
                        List.of(Event.web(PAID, 1)), List.of(), List.of(SKIP_NOT_AT_TRIGGER)),
                new Scenario("trigger COMPLETED: completed transfers", COMPLETED,
                        List.of(Event.web(PAID, 1), Event.web(COMPLETED, 2)), List.of(-2, -1),
                        List.of(TRANSFER_LINE, TRANSFER_LINE)),
                new Scenario("trigger PAID: completed without a paid event transfers", PAID,
                        List.of(Event.web(COMPLETED, 1)), List.of(-2, -1), List.of(TRANSFER_LINE, TRANSFER_LINE)),
                new Scenario("trigger PAID: partially paid draws nothing", PAID,
                        List.of(Event.web(PARTIALLY_PAID, 1)), List.of(), List.of(SKIP_NOT_AT_TRIGGER)),
                new Scenario("line edited out before cancellation is still returned", PAID,
                        List.of(Event.web(PAID, 1), Event.web(CANCELLED, 2).withLines(line("L1", "SKU-A", 2))),
                        List.of(-2, -1, 2, 1), List.of(RETURN_LINE, RETURN_LINE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidesEveryEventSequenceExactlyOnce(Scenario scenario) {
        Replay replay = new Replay(flow(scenario.trigger()));
        FlowDecision last = null;
        for (Event event : scenario.events()) {
            last = replay.apply(event.toOrder());
        }
        assertThat(replay.deltas()).as("stock deltas").isEqualTo(scenario.deltas());
        assertThat(last.log()).extracting(SyncLogEntry::decision).as("decisions of the last event")
                .isEqualTo(scenario.lastEvent());
    }

    /** One poll holding the whole sequence: the fold must decide it exactly as one event at a time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void foldingAPollOfEventsDecidesAsOneAtATime(Scenario scenario) {
        FlowConfig flow = flow(scenario.trigger());
        Replay replay = new Replay(flow);
        List<FlowDecision> oneByOne = scenario.events().stream().map(e -> replay.apply(e.toOrder())).toList();

        FlowDecision folded = OrderFold.fold(scenario.events().stream().map(Event::toOrder).toList(), flow,
                OrderLedger.EMPTY, OrderTransferRules::onOrder);

        assertThat(folded.commands()).isEqualTo(oneByOne.stream().flatMap(d -> d.commands().stream()).toList());
        assertThat(folded.log()).isEqualTo(oneByOne.stream().flatMap(d -> d.log().stream()).toList());
        assertThat(folded.transitions()).as("one compare-and-set per line, from nothing to the final state")
                .allMatch(t -> t.expected() == null)
                .extracting(LedgerTransition::next).containsExactlyInAnyOrderElementsOf(replay.ledger.values());
    }

    @Test
    void foldingOnAnExistingLedgerExpectsItsLinesAsTheyWere() {
        FlowConfig flow = flow(PAID);
        Replay replay = new Replay(flow);
        replay.apply(Event.web(PAID, 1).toOrder());
        OrderLedger before = OrderLedger.of(replay.ledger.values());

        FlowDecision folded = OrderFold.fold(List.of(Event.web(PAID, 2).toOrder(), Event.web(CANCELLED, 3).toOrder()),
                flow, before, OrderTransferRules::onOrder);

        assertThat(folded.commands()).extracting(c -> ((AdjustStock) c.getAction()).getDelta()).containsExactly(2, 1);
        assertThat(folded.transitions()).hasSize(2).allSatisfy(t -> {
            assertThat(t.expected()).isEqualTo(before.lines().get(t.next().lineId()));
            assertThat(t.next().status()).isEqualTo(LineStatus.RETURNED);
            assertThat(t.next().orderUpdatedAt()).isEqualTo(TestOrders.T0.plusSeconds(180));
        });
    }

    @Test
    void transferCommandCarriesEverythingTheConnectorNeeds() {
        OrderPlaced paid = Event.web(PAID, 1).toOrder();

        FlowDecision decision = OrderTransferRules.onOrder(paid, flow(PAID), OrderLedger.EMPTY);

        ConnectorCommand first = decision.commands().get(0);
        String lineKey = "t1|f1|1001|L1";
        assertThat(first.getCommandId()).isEqualTo(DeterministicIds.transferCommandId(lineKey));
        assertThat(first.getHeader().getEventId()).isEqualTo(first.getCommandId());
        assertThat(first.getTargetConnectionId()).isEqualTo("pos-1");
        assertThat(first.getHeader().getConnectionId()).isEqualTo("pos-1");
        assertThat(first.getTargetSystem()).isEqualTo(SystemKind.ZETTLE);
        assertThat(first.getHeader().getCausationId()).isEqualTo(paid.getHeader().getEventId());
        assertThat(first.getHeader().getCorrelationId()).isEqualTo("corr-1001");
        AdjustStock action = (AdjustStock) first.getAction();
        assertThat(action.getSku()).isEqualTo("SKU-A");
        assertThat(action.getDelta()).isEqualTo(-2);
        assertThat(action.getReason()).isEqualTo(StockChangeReason.ORDER_TRANSFER);
        assertThat(action.getOrderId()).isEqualTo("1001");
        assertThat(action.getOrderLineId()).isEqualTo("L1");
        assertThat(decision.transitions().get(0).next().key()).isEqualTo(lineKey);
    }

    @Test
    void redecidingTheSameEventOnTheSameStateGivesTheIdenticalDecision() {
        OrderPlaced paid = Event.web(PAID, 1).toOrder();

        FlowDecision first = OrderTransferRules.onOrder(paid, flow(PAID), OrderLedger.EMPTY);
        FlowDecision again = OrderTransferRules.onOrder(paid, flow(PAID), OrderLedger.EMPTY);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void returnCommandGivesBackTheTransferredQuantityUnderItsOwnId() {
        Replay replay = new Replay(flow(PAID));
        replay.apply(Event.web(PAID, 1).toOrder());

        FlowDecision cancelled = replay.apply(Event.web(CANCELLED, 2).withLines(line("L1", "SKU-A", 5)).toOrder());

        ConnectorCommand giveBack = cancelled.commands().get(0);
        assertThat(giveBack.getCommandId()).isEqualTo(DeterministicIds.returnCommandId("t1|f1|1001|L1"))
                .isNotEqualTo(DeterministicIds.transferCommandId("t1|f1|1001|L1"));
        assertThat(((AdjustStock) giveBack.getAction()).getDelta()).isEqualTo(2);
        assertThat(((AdjustStock) giveBack.getAction()).getReason()).isEqualTo(StockChangeReason.ORDER_RETURN);
    }

    @Test
    void commandDecisionsArePendingAndLoggedUnderTheCommandId() {
        FlowDecision decision = OrderTransferRules.onOrder(Event.web(PAID, 1).toOrder(), flow(PAID), OrderLedger.EMPTY);

        SyncLogEntry entry = decision.log().get(0);
        assertThat(entry.id()).isEqualTo(entry.commandId()).isEqualTo(decision.commands().get(0).getCommandId());
        assertThat(entry.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(entry.targetConnectionId()).isEqualTo("pos-1");
        assertThat(entry.ledgerKey()).isEqualTo("t1|f1|1001|L1");
        assertThat(entry.subject()).isEqualTo(new SyncLogEntry.Subject("1001", "SKU-A", "L1"));
        assertThat(entry.sourceConnectionId()).isEqualTo("shop-1");
    }

    @Test
    void skipsAreLoggedWithAReasonAndNoCommand() {
        FlowDecision decision = OrderTransferRules.onOrder(Event.web(PENDING, 1).toOrder(), flow(PAID),
                OrderLedger.EMPTY);

        SyncLogEntry entry = decision.log().get(0);
        assertThat(entry.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(entry.commandId()).isNull();
        assertThat(entry.reason()).contains("PENDING", "PAID");
        assertThat(entry.id()).isEqualTo(DeterministicIds.logEntryId(entry.sourceEventId(), "f1", null,
                SKIP_NOT_AT_TRIGGER));
    }

    @Test
    void duplicateWithANewerVersionRecordsTheVersionButKeepsTheStatus() {
        Replay replay = new Replay(flow(PAID));
        replay.apply(Event.web(PAID, 1).toOrder());

        FlowDecision newer = replay.apply(Event.web(PAID, 4).toOrder());
        FlowDecision sameVersion = replay.apply(Event.web(PAID, 4).toOrder());

        assertThat(newer.transitions()).hasSize(2).allSatisfy(t -> {
            assertThat(t.next().status()).isEqualTo(LineStatus.TRANSFERRED);
            assertThat(t.next().orderUpdatedAt()).isEqualTo(TestOrders.T0.plusSeconds(240));
        });
        assertThat(sameVersion.transitions()).isEmpty();
    }

    @Test
    void orderWithoutAFlowIsLoggedAsSkipped() {
        FlowDecision decision = OrderTransferRules.withoutFlow(Event.web(PAID, 1).toOrder());

        assertThat(decision.commands()).isEmpty();
        assertThat(decision.log()).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(DecisionKind.SKIP_NO_FLOW);
            assertThat(entry.flowId()).isNull();
            assertThat(entry.reason()).contains("shop-1");
        });
    }

    @ParameterizedTest(name = "{0} with trigger {1} -> {2}")
    @CsvSource({
            "PENDING, PAID, false", "AUTHORIZED, PAID, false", "PARTIALLY_PAID, PAID, false", "PAID, PAID, true",
            "COMPLETED, PAID, true", "PAID, COMPLETED, false", "COMPLETED, COMPLETED, true",
            "AUTHORIZED, AUTHORIZED, true", "PENDING, PENDING, true", "ON_HOLD, PENDING, false",
            "UNKNOWN, PENDING, false", "FAILED, PENDING, false", "REFUNDED, PAID, false", "CANCELLED, PENDING, false"})
    void reachesTheTriggerAtOrPastItInTheProgression(OrderState state, OrderState trigger, boolean reached) {
        assertThat(OrderTransferRules.reachedTrigger(state, trigger)).isEqualTo(reached);
    }

    @Test
    void ruleTableMapsOrderEventsOfTheTemplateToTheOrderRule() {
        assertThat(RuleTable.ruleFor(OrderPlaced.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK,
                OrderLedger.class)).isPresent();
        assertThat(RuleTable.ruleFor(ConnectorCommand.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK,
                OrderLedger.class)).isEmpty();
        assertThat(RuleTable.ruleFor(OrderPlaced.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK,
                String.class)).isEmpty();
    }

    private static FlowConfig flow(OrderState trigger) {
        return new FlowConfig("t1", "f1", FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK, List.of("shop-1"), "pos-1",
                SystemKind.ZETTLE, trigger, true);
    }

    /** Feeds events through the rule with an in-memory ledger that applies transitions as compare-and-set. */
    private static final class Replay {
        private final FlowConfig flow;
        private final Map<String, LineLedger> ledger = new HashMap<>();
        private final List<ConnectorCommand> commands = new ArrayList<>();

        Replay(FlowConfig flow) {
            this.flow = flow;
        }

        FlowDecision apply(OrderPlaced order) {
            FlowDecision decision = OrderTransferRules.onOrder(order, flow, OrderLedger.of(ledger.values()));
            for (LedgerTransition transition : decision.transitions()) {
                assertThat(ledger.get(transition.next().lineId())).as("expected state of a transition")
                        .isEqualTo(transition.expected());
                ledger.put(transition.next().lineId(), transition.next());
            }
            commands.addAll(decision.commands());
            return decision;
        }

        List<Integer> deltas() {
            return commands.stream().map(c -> ((AdjustStock) c.getAction()).getDelta()).toList();
        }
    }
}

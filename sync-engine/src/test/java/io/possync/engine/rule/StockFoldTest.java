package io.possync.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.engine.TestStock;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;

class StockFoldTest {

    private static final String SKU = "SKU-A";
    private static final FlowConfig POS_MASTER = TestStock.flow("t1", "f1", FlowTemplate.POS_MASTER, 0, null,
            "shop-a", "shop-b", "pos-1");
    private static final FlowConfig WEBSHOP_MASTER = TestStock.flow("t1", "f1", FlowTemplate.WEBSHOP_MASTER, 0,
            "shop-a", "shop-a", "shop-b", "pos-1");
    private static final FlowRule<StockChanged, StockLedger> RULE = StockRules::onStockChanged;

    private static StockChanged pos(long level, int second) {
        return TestStock.stock("t1", "pos-1", SystemKind.ZETTLE, SKU, level, second, "p" + second);
    }

    private static StockChanged master(long level, int second) {
        return TestStock.stock("t1", "shop-a", SystemKind.SHOPIFY, SKU, level, second, "a" + second);
    }

    private static StockLedger empty() {
        return StockLedger.empty("t1", "f1", SKU);
    }

    @Test
    void aBurstOfPosLevelsSendsEachWebshopOnlyTheLastLevel() {
        FlowDecision decision = StockFold.fold(List.of(pos(10, 1), pos(9, 2), pos(8, 3), pos(7, 4)), POS_MASTER,
                empty(), RULE);

        assertThat(levels(decision.commands())).containsExactly("shop-a=7", "shop-b=7");
        assertThat(decision.stockTransitions()).singleElement().satisfies(t -> {
            assertThat(t.expected()).isEqualTo(empty());
            assertThat(t.next().pos().level()).isEqualTo(7);
            assertThat(t.next().target("shop-a").commanded()).isEqualTo(7);
            assertThat(t.next().target("shop-a").commandId()).isEqualTo(commandTo("shop-a", decision).getCommandId());
        });
    }

    @Test
    void supersededLevelsAreLoggedWithTheCommandThatReplacedThem() {
        FlowDecision decision = StockFold.fold(List.of(pos(10, 1), pos(9, 2), pos(8, 3)), POS_MASTER, empty(), RULE);

        List<SyncLogEntry> superseded = decision.log().stream()
                .filter(e -> e.decision() == DecisionKind.SKIP_SUPERSEDED).toList();
        assertThat(superseded).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(entry.commandId()).isNull();
            assertThat(entry.reason()).contains("by level 8 of command "
                    + commandTo(entry.targetConnectionId(), decision).getCommandId());
        });
        assertThat(decision.log()).filteredOn(e -> e.decision() == DecisionKind.SET_STOCK_LEVEL)
                .extracting(SyncLogEntry::id)
                .containsExactlyInAnyOrderElementsOf(decision.commands().stream().map(ConnectorCommand::getCommandId)
                        .toList());
    }

    @Test
    void theLastLevelIsSentAsAChangeFromTheLevelCommandedBeforeTheWindow() {
        StockLedger before = afterOneEvent(pos(10, 1));

        FlowDecision decision = StockFold.fold(List.of(pos(9, 2), pos(6, 3)), POS_MASTER, before, RULE);

        assertThat(decision.commands()).hasSize(2).allSatisfy(command -> {
            SetStockLevel action = (SetStockLevel) command.getAction();
            assertThat(action.getLevel()).isEqualTo(6);
            assertThat(action.getExpectedCurrent()).isEqualTo(10L);
        });
    }

    @Test
    void aWindowEndingOnTheLevelAlreadyCommandedSendsNothing() {
        StockLedger before = afterOneEvent(pos(10, 1));

        FlowDecision decision = StockFold.fold(List.of(pos(9, 2), pos(10, 3)), POS_MASTER, before, RULE);

        assertThat(decision.commands()).isEmpty();
        StockLedger next = decision.stockTransitions().get(0).next();
        assertThat(next.pos().level()).isEqualTo(10);
        assertThat(next.target("shop-a")).isEqualTo(before.target("shop-a"));
        assertThat(decision.log()).filteredOn(e -> e.decision() == DecisionKind.SKIP_SUPERSEDED)
                .allSatisfy(e -> assertThat(e.reason()).contains(before.target(e.targetConnectionId()).commandId()))
                .hasSize(4);
    }

    @Test
    void aDriftedWebshopIsSentItsLevelEvenWhenThatLevelWasCommandedBefore() {
        StockLedger before = afterOneEvent(pos(10, 1));
        StockChanged drift = TestStock.stock("t1", "shop-b", SystemKind.WOOCOMMERCE, SKU, 3, 2, "b2");

        FlowDecision decision = StockFold.fold(List.of(drift, pos(9, 3), pos(10, 4)), POS_MASTER, before, RULE);

        assertThat(levels(decision.commands())).containsExactly("shop-b=10");
        assertThat(((SetStockLevel) decision.commands().get(0).getAction()).getExpectedCurrent())
                .as("what the drifted webshop reported").isEqualTo(3L);
    }

    @Test
    void duplicatedAndReorderedChangesInOneWindowEndOnTheNewest() {
        FlowDecision decision = StockFold.fold(List.of(pos(5, 3), pos(8, 2), pos(5, 3), pos(9, 1)), POS_MASTER,
                empty(), RULE);

        assertThat(levels(decision.commands())).containsExactly("shop-a=5", "shop-b=5");
        assertThat(decision.stockTransitions().get(0).next().pos().level()).isEqualTo(5);
        assertThat(decision.log()).extracting(SyncLogEntry::decision)
                .containsOnly(DecisionKind.SET_STOCK_LEVEL, DecisionKind.SKIP_STALE, DecisionKind.SKIP_DUPLICATE);
    }

    @Test
    void aRedeliveredWindowIsDecidedIntoTheIdenticalCommands() {
        StockLedger before = afterOneEvent(pos(10, 1));
        List<StockChanged> window = List.of(pos(9, 2), pos(4, 3), pos(6, 4));

        FlowDecision first = StockFold.fold(window, POS_MASTER, before, RULE);
        FlowDecision again = StockFold.fold(window, POS_MASTER, before, RULE);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void foldingEndsInTheStateAndLastLevelsOfDecidingOneByOne() {
        List<StockChanged> window = List.of(pos(20, 1), master(10, 2), master(8, 3), pos(18, 4), master(6, 5));
        StockReplay oneByOne = new StockReplay(WEBSHOP_MASTER);
        window.forEach(oneByOne::stock);

        FlowDecision folded = StockFold.fold(window, WEBSHOP_MASTER, empty(), RULE);

        StockLedger end = folded.stockTransitions().get(0).next();
        StockLedger expected = oneByOne.ledger(SKU);
        assertThat(end.pos()).isEqualTo(expected.pos());
        assertThat(end.reservations()).isEqualTo(expected.reservations());
        assertThat(end.targets().values()).extracting(TargetStock::connectionId, TargetStock::commanded,
                        TargetStock::observed)
                .containsExactlyInAnyOrderElementsOf(expected.targets().values().stream()
                        .map(t -> tuple(t.connectionId(), t.commanded(), t.observed()))
                        .toList());
        assertThat(moves(folded.commands())).as("differences are never coalesced away")
                .isEqualTo(oneByOne.moves()).isNotEmpty();
        assertThat(levels(folded.commands())).isEqualTo(lastPerTarget(oneByOne.levels()));
    }

    private static StockLedger afterOneEvent(StockChanged event) {
        StockLedger next = StockRules.onStockChanged(event, POS_MASTER, empty()).stockTransitions().get(0).next();
        return new StockLedger(next.key(), next.tenantId(), next.flowId(), next.sku(), 1, next.pos(), next.targets(),
                next.reservations());
    }

    private static ConnectorCommand commandTo(String target, FlowDecision decision) {
        return decision.commands().stream().filter(c -> c.getTargetConnectionId().equals(target)).findFirst()
                .orElseThrow();
    }

    private static List<String> levels(List<ConnectorCommand> commands) {
        return commands.stream().filter(c -> c.getAction() instanceof SetStockLevel)
                .map(c -> c.getTargetConnectionId() + "=" + ((SetStockLevel) c.getAction()).getLevel()).toList();
    }

    private static List<String> moves(List<ConnectorCommand> commands) {
        return commands.stream().filter(c -> c.getAction() instanceof AdjustStock)
                .map(c -> ((AdjustStock) c.getAction()).getSku() + ":" + ((AdjustStock) c.getAction()).getDelta())
                .toList();
    }

    /** "target:sku=level" in order → "target=level" of the last one per target, in order of last appearance. */
    private static List<String> lastPerTarget(List<String> levels) {
        Map<String, String> last = new LinkedHashMap<>();
        for (String level : levels) {
            String target = level.substring(0, level.indexOf(':'));
            last.remove(target);
            last.put(target, target + "=" + level.substring(level.indexOf('=') + 1));
        }
        return List.copyOf(last.values());
    }
}

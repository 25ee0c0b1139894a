package io.possync.engine.flow;

import static io.possync.engine.TestOrders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.possync.engine.TestOrders;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowTemplate;
import io.possync.engine.rule.LineLedger;
import io.possync.engine.rule.LineStatus;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.engine.synclog.SyncLogQuery;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;

/**
 * A poll of order events decided together, over the Mongo wire protocol (mongo-java-server). The Kafka
 * side is a recording publisher: these tests need to act at the moment the commands are sent, which
 * the engine ITs (real broker) cannot do deterministically.
 */
class OrderFlowProcessorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration IO = Duration.ofSeconds(5);
    private static final FlowConfig FLOW = new FlowConfig("t1", "f1", FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK,
            List.of("shop-1"), "pos-1", SystemKind.ZETTLE, OrderState.PAID, true);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final MongoOrderLedger ledger = new MongoOrderLedger(database, clock);
    private final MongoSyncLog syncLog = new MongoSyncLog(database, clock);
    private final Publisher publisher = new Publisher();
    private final OrderFlowProcessor processor = new OrderFlowProcessor(new MongoFlowStore(database, clock,
            Duration.ofMinutes(1)), ledger, new MongoStockLedger(database, clock), syncLog, publisher,
            new SimpleMeterRegistry(), IO, new StockLocks(), new MongoTransferHolds(database), clock,
            Duration.ofSeconds(5));

    /** Records the commands; {@link #beforeNext} runs once, inside the next send, before it returns. */
    private static final class Publisher implements CommandPublisher {
        final List<ConnectorCommand> sent = new ArrayList<>();
        Runnable beforeNext;
        String refusedSku;

        @Override
        public void publishAndAwait(List<ConnectorCommand> commands) {
            if (refusedSku != null && commands.stream().anyMatch(c -> refusedSku.equals(sku(c)))) {
                throw new IllegalStateException("broker refused the command for " + refusedSku);
            }
            Runnable hook = beforeNext;
            beforeNext = null;
            if (hook != null) {
                hook.run();
            }
            sent.addAll(commands);
        }
    }

    @BeforeEach
    void saveFlow() {
        new MongoFlowStore(database, clock, Duration.ZERO).save(FLOW).block(IO);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aPollWithEveryEventOfSeveralOrdersTransfersEachLineOnce() {
        processor.process(List.of(
                order("A", OrderState.PENDING, 1), order("B", OrderState.PAID, 1), order("A", OrderState.PAID, 2),
                order("A", OrderState.PAID, 2), order("B", OrderState.PAID, 3), order("A", OrderState.PAID, 3),
                order("C", OrderState.PENDING, 1)));

        assertThat(publisher.sent).extracting(OrderFlowProcessorTest::orderAndDelta)
                .containsExactly("A:-2", "A:-1", "B:-2", "B:-1");
        assertThat(status("A")).containsOnly(Map.entry("L1", LineStatus.TRANSFERRED),
                Map.entry("L2", LineStatus.TRANSFERRED));
        assertThat(ledger.load("t1", "f1", "B").block(IO).lines().values()).extracting(LineLedger::orderUpdatedAt)
                .containsOnly(TestOrders.T0.plusSeconds(180));
        assertThat(status("C")).isEmpty();
        assertThat(decisions("A")).contains("SKIP_NOT_AT_TRIGGER", "TRANSFER_LINE", "SKIP_DUPLICATE");
    }

    @Test
    void aLedgerChangedWhileThePollWasDecidedIsDecidedAgainOneEventAtATime() {
        // another consumer (a zombie after a rebalance) carries out A's paid event while this poll is being sent
        publisher.beforeNext = () -> processor.process(order("A", OrderState.PAID, 1));

        processor.process(List.of(order("A", OrderState.PAID, 1), order("B", OrderState.PAID, 1),
                order("A", OrderState.CANCELLED, 2)));

        assertThat(status("A")).containsOnly(Map.entry("L1", LineStatus.RETURNED),
                Map.entry("L2", LineStatus.RETURNED));
        assertThat(status("B")).containsOnly(Map.entry("L1", LineStatus.TRANSFERRED),
                Map.entry("L2", LineStatus.TRANSFERRED));
        // A's transfer went out twice under the same ids (the connector drops the repeat), its return once more
        // when decided again: every effect per command id is the same
        assertThat(publisher.sent.stream().map(OrderFlowProcessorTest::orderAndDelta).distinct())
                .containsExactlyInAnyOrder("A:-2", "A:-1", "B:-2", "B:-1", "A:2", "A:1");
        assertThat(publisher.sent.stream().map(ConnectorCommand::getCommandId).distinct()).hasSize(6);
    }

    @Test
    void anEventThatCannotBeCarriedOutFailsThePollAtItselfAfterTheOnesBeforeIt() {
        publisher.refusedSku = "SKU-B-L1";

        assertThatThrownBy(() -> processor.process(List.of(order("A", OrderState.PAID, 1),
                order("B", OrderState.PAID, 1), order("C", OrderState.PAID, 1))))
                .isInstanceOfSatisfying(BatchFailed.class, e -> assertThat(e.firstUnfinished()).isEqualTo(1));

        assertThat(status("A")).containsOnly(Map.entry("L1", LineStatus.TRANSFERRED),
                Map.entry("L2", LineStatus.TRANSFERRED));
        assertThat(status("B")).isEmpty();
    }

    private static OrderPlaced order(String orderId, OrderState state, int minute) {
        return TestOrders.order("t1", "shop-1", orderId, state, minute, SalesChannel.WEB,
                List.of(line("L1", "SKU-" + orderId + "-L1", 2), line("L2", "SKU-" + orderId + "-L2", 1)));
    }

    private Map<String, LineStatus> status(String orderId) {
        Map<String, LineStatus> status = new HashMap<>();
        ledger.load("t1", "f1", orderId).block(IO).lines().forEach((line, entry) -> status.put(line, entry.status()));
        return status;
    }

    private List<String> decisions(String orderId) {
        return Flux.from(syncLog.find(new SyncLogQuery("t1", "corr-" + orderId, null, null, 100)))
                .map(doc -> doc.getString("decision")).collectList().block(IO);
    }

    private static String sku(ConnectorCommand command) {
        return ((AdjustStock) command.getAction()).getSku();
    }

    private static String orderAndDelta(ConnectorCommand command) {
        AdjustStock action = (AdjustStock) command.getAction();
        return action.getOrderId() + ":" + action.getDelta();
    }
}

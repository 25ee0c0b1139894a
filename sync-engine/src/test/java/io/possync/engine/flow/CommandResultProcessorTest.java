package io.possync.engine.flow;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
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
import io.possync.engine.TestStock;
import io.possync.engine.flow.CommandResultProcessor.ResultNotYetRecordable;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.FlowTemplate;
import io.possync.engine.rule.Reservation;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Mono;

/**
 * A poll of connectors' results recorded over the Mongo wire protocol (mongo-java-server), on the sync log,
 * the order-ledger lines and the stock ledgers of flow 1a (POS master: a transfer reserves its quantity until
 * the POS applied it). The commands are decided by the real order processor; the Kafka side records them.
 */
class CommandResultProcessorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration IO = Duration.ofSeconds(5);
    /** When the POS applied each transfer (its result's time). */
    private static final Instant APPLIED_AT = TestStock.T0.plusSeconds(30);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final MongoFlowStore flows = new MongoFlowStore(database, clock, Duration.ZERO);
    private final MongoOrderLedger ledger = new MongoOrderLedger(database, clock);
    private final MongoStockLedger stockLedger = new MongoStockLedger(database, clock);
    private final MongoTransferHolds holds = new MongoTransferHolds(database);
    private final MongoSyncLog syncLog = new MongoSyncLog(database, clock);
    private final List<ConnectorCommand> sent = new ArrayList<>();
    private final CommandPublisher publisher = sent::addAll;
    private final StockLocks locks = new StockLocks();
    private final OrderFlowProcessor orders = new OrderFlowProcessor(flows, ledger, stockLedger, syncLog, publisher,
            new SimpleMeterRegistry(), IO, locks, holds, clock, Duration.ofSeconds(5));
    private final CommandResultProcessor processor = new CommandResultProcessor(syncLog, ledger,
            // one SKU per step, so that the poll's three SKUs take three steps
            new StockResultProcessor(flows, stockLedger, ledger, holds, syncLog, publisher, new SimpleMeterRegistry(),
                    IO, locks, 1), IO);

    @BeforeEach
    void saveFlow() {
        flows.save(TestStock.flow("t1", "f1", FlowTemplate.POS_MASTER, 0, null, "shop-1", "shop-2", "pos-1"))
                .block(IO);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aResultWhoseCommandIsNotRecordedYetFailsThePollAtItselfAfterTheOnesBeforeIt() {
        orders.process(List.of(order("A"), order("B")));
        // C's transfer has its deterministic id, and its result overtook the engine's record of the command
        List<CommandResult> poll = List.of(applied(transferOf("A")), applied(transferOf("C")),
                applied(transferOf("B")));

        assertThatThrownBy(() -> processor.process(poll))
                .isInstanceOfSatisfying(BatchFailed.class, e -> assertThat(e.firstUnfinished()).isEqualTo(1))
                .cause().isInstanceOf(ResultNotYetRecordable.class).hasMessageContaining(transferOf("C"));

        assertThat(lineOutcome("A")).isEqualTo("APPLIED");
        assertThat(reservation("A").appliedAt()).isEqualTo(APPLIED_AT);
        assertThat(lineOutcome("B")).isNull();
        assertThat(reservation("B").appliedAt()).isNull();

        // the engine records C's command, and the listener delivers the poll again from the failed result
        orders.process(List.of(order("C")));
        processor.process(poll.subList(1, poll.size()));

        for (String orderId : List.of("A", "B", "C")) {
            assertThat(lineOutcome(orderId)).as(orderId).isEqualTo("APPLIED");
            assertThat(reservation(orderId).appliedAt()).as(orderId).isEqualTo(APPLIED_AT);
        }
        assertThat(sent).extracting(ConnectorCommand::getCommandId)
                .containsExactly(transferOf("A"), transferOf("B"), transferOf("C"));
    }

    private static OrderPlaced order(String orderId) {
        return TestOrders.order("t1", "shop-1", orderId, OrderState.PAID, 1, SalesChannel.WEB,
                List.of(TestOrders.line("L1", sku(orderId), 2)));
    }

    private static String sku(String orderId) {
        return "SKU-" + orderId;
    }

    private static String lineKey(String orderId) {
        return DeterministicIds.lineKey("t1", "f1", orderId, "L1");
    }

    private static String transferOf(String orderId) {
        return DeterministicIds.transferCommandId(lineKey(orderId));
    }

    private static CommandResult applied(String commandId) {
        return TestStock.result("t1", "pos-1", SystemKind.ZETTLE, commandId, CommandStatus.APPLIED, 30, Map.of());
    }

    private String lineOutcome(String orderId) {
        Document line = Mono.from(database.getCollection(MongoOrderLedger.COLLECTION)
                .find(eq("_id", lineKey(orderId))).first()).block(IO);
        return line.getString("transferOutcome");
    }

    private Reservation reservation(String orderId) {
        return stockLedger.loadAll("t1", "f1", List.of(sku(orderId))).block(IO).get(sku(orderId))
                .reservation(transferOf(orderId)).orElseThrow();
    }
}

package io.possync.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.possync.engine.rule.LedgerTransition;
import io.possync.engine.rule.LineLedger;
import io.possync.engine.rule.LineStatus;
import io.possync.engine.rule.OrderLedger;

/** The order ledger's bulk compare-and-set over the Mongo wire protocol (mongo-java-server). */
class MongoOrderLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration IO = Duration.ofSeconds(5);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoOrderLedger ledger = new MongoOrderLedger(client.getDatabase("test"),
            Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void createsAndUpdatesLinesOfSeveralOrdersAtOnceAndLoadsThemBack() {
        LineLedger a1 = line("o1", "L1", LineStatus.TRANSFERRED, 1);
        LineLedger a2 = line("o1", "L2", LineStatus.BLOCKED, 1);
        LineLedger b1 = line("o2", "L1", LineStatus.TRANSFERRED, 1);
        ledger.apply(List.of(LedgerTransition.create(a1), LedgerTransition.create(a2), LedgerTransition.create(b1)))
                .block(IO);

        LineLedger a1Returned = line("o1", "L1", LineStatus.RETURNED, 2);
        LineLedger c1 = line("o3", "L1", LineStatus.TRANSFERRED, 2);
        ledger.apply(List.of(new LedgerTransition(a1, a1Returned), LedgerTransition.create(c1))).block(IO);

        Map<String, OrderLedger> loaded = ledger.loadAll("t1", "f1", List.of("o1", "o2", "o3", "o4")).block(IO);
        assertThat(loaded).containsOnlyKeys("o1", "o2", "o3");
        assertThat(loaded.get("o1").lines()).containsOnly(Map.entry("L1", a1Returned), Map.entry("L2", a2));
        assertThat(loaded.get("o2").lines()).containsOnly(Map.entry("L1", b1));
        assertThat(ledger.load("t1", "f1", "o4").block(IO)).isEqualTo(OrderLedger.EMPTY);
    }

    @Test
    void aLineThatMovedOnFailsTheWholeCallButTheOthersTakeEffect() {
        LineLedger a1 = line("o1", "L1", LineStatus.TRANSFERRED, 1);
        LineLedger b1 = line("o2", "L1", LineStatus.TRANSFERRED, 1);
        ledger.apply(List.of(LedgerTransition.create(a1), LedgerTransition.create(b1))).block(IO);
        LineLedger staleExpectation = line("o1", "L1", LineStatus.TRANSFERRED, 0);
        LineLedger b1Returned = line("o2", "L1", LineStatus.RETURNED, 2);

        assertThatThrownBy(() -> ledger.apply(List.of(
                new LedgerTransition(staleExpectation, line("o1", "L1", LineStatus.RETURNED, 2)),
                new LedgerTransition(b1, b1Returned))).block(IO))
                .isInstanceOf(LedgerConflict.class).hasMessageContaining("o1");

        Map<String, OrderLedger> loaded = ledger.loadAll("t1", "f1", List.of("o1", "o2")).block(IO);
        assertThat(loaded.get("o1").lines().get("L1")).isEqualTo(a1);
        assertThat(loaded.get("o2").lines().get("L1")).isEqualTo(b1Returned);
    }

    @Test
    void creatingALineThatExistsIsAConflictAndLeavesItAsItWas() {
        LineLedger a1 = line("o1", "L1", LineStatus.TRANSFERRED, 1);
        ledger.apply(List.of(LedgerTransition.create(a1))).block(IO);

        assertThatThrownBy(() -> ledger.apply(List.of(LedgerTransition.create(line("o1", "L1", LineStatus.BLOCKED, 3))))
                .block(IO)).isInstanceOf(LedgerConflict.class);

        assertThat(ledger.load("t1", "f1", "o1").block(IO).lines().get("L1")).isEqualTo(a1);
    }

    private static LineLedger line(String orderId, String lineId, LineStatus status, int minute) {
        String key = "t1|f1|" + orderId + "|" + lineId;
        return new LineLedger(key, "t1", "f1", orderId, lineId, "SKU-" + lineId, 2, status,
                T0.plusSeconds(60L * minute), "transfer:" + key,
                status == LineStatus.RETURNED ? "return:" + key : null);
    }
}

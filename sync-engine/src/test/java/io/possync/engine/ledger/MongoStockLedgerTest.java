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
import io.possync.engine.ledger.MongoStockLedger.LevelResult;
import io.possync.engine.rule.Outcome;
import io.possync.engine.rule.PosLevel;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.StockTransition;
import io.possync.engine.rule.TargetStock;

/** Compare-and-set of stock ledgers, and the webshops' results recorded beside it, over the Mongo wire protocol (mongo-java-server). */
class MongoStockLedgerTest {

    private static final Duration IO = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant WRITTEN_AT = NOW.plusSeconds(1);
    /** A webshop connection id with a '.', which the ledger stores encoded. */
    private static final String SHOP = "shop.1";

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoStockLedger ledger = new MongoStockLedger(client.getDatabase("test"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void decisionsOnCurrentLedgersAreAppliedTogetherAndOnlyThoseOnStaleOnesAreLost() {
        StockLedger a = apply(StockLedger.empty("t1", "f1", "A"), 5);
        StockLedger b = apply(StockLedger.empty("t1", "f1", "B"), 5);
        // b moves on after a decision read it
        apply(b, 6);

        List<String> lost = ledger.applyEach(List.of("on a", "on stale b", "on new c"), decision -> switch (decision) {
            case "on a" -> List.of(new StockTransition(a, at(a, 7)));
            case "on stale b" -> List.of(new StockTransition(b, at(b, 8)));
            default -> List.of(new StockTransition(StockLedger.empty("t1", "f1", "C"),
                    at(StockLedger.empty("t1", "f1", "C"), 9)));
        }).block(IO);

        assertThat(lost).containsExactly("on stale b");
        Map<String, StockLedger> stored = ledger.loadAll("t1", "f1", List.of("A", "B", "C")).block(IO);
        assertThat(stored.get("A").pos().level()).isEqualTo(7);
        assertThat(stored.get("A").version()).isEqualTo(2);
        assertThat(stored.get("B").pos().level()).isEqualTo(6);
        assertThat(stored.get("C").pos().level()).isEqualTo(9);
    }

    @Test
    void aLedgerCreatedMeanwhileLosesTheDecisionThatWouldHaveCreatedIt() {
        StockLedger empty = StockLedger.empty("t1", "f1", "A");
        StockLedger b = apply(StockLedger.empty("t1", "f1", "B"), 5);
        apply(empty, 3);

        List<String> lost = ledger.applyEach(List.of("create a", "on b"), decision -> decision.equals("create a")
                ? List.of(new StockTransition(empty, at(empty, 4))) : List.of(new StockTransition(b, at(b, 6))))
                .block(IO);

        assertThat(lost).containsExactly("create a");
        Map<String, StockLedger> stored = ledger.loadAll("t1", "f1", List.of("A", "B")).block(IO);
        assertThat(stored.get("A").pos().level()).isEqualTo(3);
        assertThat(stored.get("B").pos().level()).isEqualTo(6);
    }

    @Test
    void aLevelResultRecordedAfterAStockDecisionReadTheLedgerNeitherFailsThatDecisionNorIsOverwrittenByIt() {
        StockLedger sent = store(StockLedger.empty("t1", "f1", "A"), sent(5, "cmd-1"));

        ledger.recordLevelResults(List.of(applied(sent, "cmd-1", 5))).block(IO);
        List<String> lost = ledger.applyEach(List.of("POS change read before the result"),
                decision -> List.of(new StockTransition(sent, at(sent, 7)))).block(IO);

        assertThat(lost).isEmpty();
        StockLedger stored = load("A");
        assertThat(stored.pos().level()).isEqualTo(7);
        assertThat(stored.target(SHOP)).extracting(TargetStock::commanded, TargetStock::commandId,
                TargetStock::confirmed, TargetStock::resultOf, TargetStock::confirmedAt)
                .containsExactly(5L, "cmd-1", 5L, "cmd-1", WRITTEN_AT);
    }

    @Test
    void anOrderDecisionThatReadALevelAsUnconfirmedIsDecidedAgainOnceItsResultIsRecorded() {
        StockLedger sent = store(StockLedger.empty("t1", "f1", "A"), sent(5, "cmd-1"));

        ledger.recordLevelResults(List.of(applied(sent, "cmd-1", 5))).block(IO);

        assertThatThrownBy(() -> ledger.apply(List.of(new StockTransition(sent, at(sent, 4)))).block(IO))
                .isInstanceOf(LedgerConflict.class);
        StockLedger confirmed = load("A");
        ledger.apply(List.of(new StockTransition(confirmed, at(confirmed, 4)))).block(IO);
        assertThat(load("A").pos().level()).isEqualTo(4);
    }

    @Test
    void aParkedLevelIsForgottenAndOnlyTheResultOfTheLastLevelSentCounts() {
        StockLedger sent = store(StockLedger.empty("t1", "f1", "A"), sent(5, "cmd-1"));
        StockLedger resent = store(sent, sent(6, "cmd-2"));

        ledger.recordLevelResults(List.of(applied(resent, "cmd-1", 5),
                new LevelResult(resent.key(), SHOP, "cmd-2", Outcome.PARKED, null, null))).block(IO);

        StockLedger parked = load("A");
        assertThat(parked.target(SHOP)).extracting(TargetStock::commanded, TargetStock::commandId,
                TargetStock::confirmed, TargetStock::resultOf).containsExactly(null, null, null, "cmd-2");
        store(parked, sent(6, "cmd-3"));
        assertThat(load("A").target(SHOP)).extracting(TargetStock::commanded, TargetStock::commandId,
                TargetStock::resultOf).containsExactly(6L, "cmd-3", "cmd-2");
    }

    /** Writes {@code next} over {@code from} (a decision's compare-and-set) and returns the ledger as stored. */
    private StockLedger store(StockLedger from, TargetStock target) {
        StockLedger next = new StockLedger(from.key(), from.tenantId(), from.flowId(), from.sku(), from.version(),
                new PosLevel(9, NOW, "v9"), Map.of(target.connectionId(), target), from.reservations());
        ledger.apply(List.of(new StockTransition(from, next))).block(IO);
        return load(from.sku());
    }

    private StockLedger load(String sku) {
        return ledger.loadAll("t1", "f1", List.of(sku)).block(IO).get(sku);
    }

    private static TargetStock sent(long level, String commandId) {
        return new TargetStock(SHOP, level, commandId, null, null, null, null);
    }

    private static LevelResult applied(StockLedger on, String commandId, long level) {
        return new LevelResult(on.key(), SHOP, commandId, Outcome.APPLIED, level, WRITTEN_AT);
    }

    /** Writes {@code from} at POS level {@code level} and returns the ledger as stored. */
    private StockLedger apply(StockLedger from, long level) {
        ledger.apply(List.of(new StockTransition(from, at(from, level)))).block(IO);
        return ledger.loadAll(from.tenantId(), from.flowId(), List.of(from.sku())).block(IO).get(from.sku());
    }

    private static StockLedger at(StockLedger ledger, long level) {
        return new StockLedger(ledger.key(), ledger.tenantId(), ledger.flowId(), ledger.sku(), ledger.version(),
                new PosLevel(level, NOW, "v" + level), ledger.targets(), ledger.reservations());
    }
}

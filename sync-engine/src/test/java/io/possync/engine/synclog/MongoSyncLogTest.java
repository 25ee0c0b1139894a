package io.possync.engine.synclog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.possync.engine.rule.DecisionKind;
import io.possync.engine.rule.Outcome;
import io.possync.engine.rule.SyncLogEntry;
import reactor.core.publisher.Flux;

/** Sync-log writes over the Mongo wire protocol (mongo-java-server). */
class MongoSyncLogTest {

    private static final Duration IO = Duration.ofSeconds(5);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoSyncLog syncLog = new MongoSyncLog(client.getDatabase("test"),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anEntryWrittenAgainKeepsTheOutcomeItsConnectorReportedAndNewOnesOfTheSameWriteAreStored() {
        syncLog.write(List.of(entry("cmd-1"))).block(IO);
        syncLog.recordResults(List.of(new MongoSyncLog.Result("cmd-1", Outcome.APPLIED, null, 1))).block(IO);

        syncLog.write(List.of(entry("cmd-2"), entry("cmd-1"), entry("cmd-3"), entry("cmd-3"))).block(IO);

        List<Document> stored = Flux.from(syncLog.find(new SyncLogQuery("t1", null, null, null, 10)))
                .collectList().block(IO);
        assertThat(stored).extracting(doc -> doc.getString("_id")).containsExactlyInAnyOrder("cmd-1", "cmd-2", "cmd-3");
        assertThat(stored).filteredOn(doc -> doc.getString("_id").equals("cmd-1"))
                .singleElement().satisfies(doc -> assertThat(doc.getString("outcome")).isEqualTo("APPLIED"));
        assertThat(stored).filteredOn(doc -> !doc.getString("_id").equals("cmd-1"))
                .allSatisfy(doc -> assertThat(doc.getString("outcome")).isEqualTo("PENDING"));
    }

    @Test
    void recordingAResultReadsBackWhatRoutesIt() {
        syncLog.write(List.of(entry("cmd-1"))).block(IO);

        Map<String, Document> entries = syncLog.recordResults(List.of(
                new MongoSyncLog.Result("cmd-1", Outcome.APPLIED, null, 1),
                new MongoSyncLog.Result("cmd-9", Outcome.APPLIED, null, 1))).block(IO);

        assertThat(entries).containsOnlyKeys("cmd-1");
        Document entry = entries.get("cmd-1");
        assertThat(entry.getString("tenantId")).isEqualTo("t1");
        assertThat(entry.getString("flowId")).isEqualTo("f1");
        assertThat(entry.getString("decision")).isEqualTo("SET_STOCK_LEVEL");
        assertThat(entry.get("subject", Document.class).getString("sku")).isEqualTo("SKU-1");
        assertThat(entry.getString("stockLedgerKey")).isEqualTo("t1|f1|SKU-1");
        assertThat(entry.containsKey("ledgerKey")).isTrue();
        assertThat(entry.containsKey("reason")).isFalse();
    }

    private static SyncLogEntry entry(String commandId) {
        return new SyncLogEntry(commandId, "t1", "f1", "corr-1", "event-1", "shop-1",
                new SyncLogEntry.Subject(null, "SKU-1", null), DecisionKind.SET_STOCK_LEVEL, commandId, "shop-2",
                Outcome.PENDING, "level 7", null, "t1|f1|SKU-1");
    }
}

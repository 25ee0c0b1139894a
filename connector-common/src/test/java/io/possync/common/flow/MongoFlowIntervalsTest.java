package io.possync.common.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import reactor.core.publisher.Mono;

class MongoFlowIntervalsTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final MongoFlowIntervals intervals = new MongoFlowIntervals(database);

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aConnectionIsPolledAtTheShortestIntervalOfTheEnabledFlowsItBelongsTo() {
        flow("t|slow", true, "pos", List.of("shop", "woo"), 300L);
        flow("t|fast", true, "pos", List.of("shop"), 20L);
        flow("t|off", false, "pos", List.of("woo"), 10L);

        assertThat(intervals.reconcileIntervals(List.of("pos", "shop", "woo", "lonely")))
                .containsEntry("pos", Duration.ofSeconds(20))
                .containsEntry("shop", Duration.ofSeconds(20))
                .containsEntry("woo", Duration.ofSeconds(300))
                .doesNotContainKey("lonely");
    }

    @Test
    void aFlowSavedBeforeTheSettingExistedLeavesTheConnectorDefault() {
        flow("t|old", true, "pos", List.of("shop"), null);

        assertThat(intervals.reconcileIntervals(List.of("pos", "shop"))).isEmpty();
    }

    private void flow(String id, boolean enabled, String pos, List<String> webshops, Long seconds) {
        Document flow = new Document("_id", id).append("enabled", enabled).append("posConnectionId", pos)
                .append("webshopConnectionIds", webshops);
        if (seconds != null) {
            flow.append("reconcileIntervalSeconds", seconds);
        }
        Mono.from(database.getCollection(MongoFlowIntervals.COLLECTION).insertOne(flow)).block();
    }
}

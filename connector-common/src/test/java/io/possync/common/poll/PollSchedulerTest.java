package io.possync.common.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.connection.SecretCipher;
import io.possync.common.flow.MongoFlowIntervals;
import io.possync.common.http.FakeTime;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Mono;

class PollSchedulerTest {

    private static final PollScheduler.Settings SETTINGS =
            new PollScheduler.Settings(Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofMinutes(10));

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final FakeTime clock = new FakeTime();
    private final MongoConnectionStore connections = new MongoConnectionStore(database,
            new SecretCipher(Base64.getEncoder().encodeToString(new byte[32])), clock, Duration.ZERO);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> polled = new ArrayList<>();

    @BeforeEach
    void connections() {
        for (String id : List.of("in-fast-flow", "in-no-flow", "broken")) {
            connections.save(new Connection(id, "t", SystemKind.ZETTLE, null, Map.of(), null, null, null)).block();
        }
        connections.save(new Connection("a-shop", "t", SystemKind.SHOPIFY, null, Map.of(), null, null, null)).block();
        Mono.from(database.getCollection(MongoFlowIntervals.COLLECTION).insertOne(new Document("_id", "t|f")
                .append("enabled", true).append("posConnectionId", "in-fast-flow")
                .append("webshopConnectionIds", List.of("a-shop", "broken")).append("reconcileIntervalSeconds", 10L)))
                .block();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void eachConnectionIsPolledAtItsFlowsIntervalElseAtTheDefaultAndAFailureStopsNoOther() {
        PollScheduler scheduler = scheduler("a");

        scheduler.pollDue();
        assertThat(polled).as("first seen: scheduled one interval later").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        scheduler.pollDue();
        assertThat(polled).containsExactlyInAnyOrder("broken", "in-fast-flow");
        assertThat(meters.counter("possync.poll.failures", "system", "zettle", "poll", "stock").count()).isEqualTo(1);

        polled.clear();
        clock.advance(Duration.ofSeconds(5));
        scheduler.pollDue();
        assertThat(polled).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        scheduler.pollDue();
        assertThat(polled).containsExactlyInAnyOrder("broken", "in-fast-flow", "in-no-flow");
    }

    @Test
    void twoInstancesPollEachDueConnectionOnce() {
        PollScheduler a = scheduler("a");
        PollScheduler b = scheduler("b");
        a.pollDue();
        clock.advance(Duration.ofSeconds(10));

        a.pollDue();
        b.pollDue();

        assertThat(polled).containsExactlyInAnyOrder("broken", "in-fast-flow");
    }

    private PollScheduler scheduler(String owner) {
        return new PollScheduler("stock", SystemKind.ZETTLE, connections, new MongoFlowIntervals(database),
                new MongoPollSchedule(database, clock, owner), SETTINGS, connection -> {
                    polled.add(connection.id());
                    if (connection.id().equals("broken")) {
                        throw new IllegalStateException("vendor down");
                    }
                    return 1;
                }, meters);
    }
}

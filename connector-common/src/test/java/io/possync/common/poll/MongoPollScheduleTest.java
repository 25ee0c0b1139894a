package io.possync.common.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import io.possync.common.http.FakeTime;

class MongoPollScheduleTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String POLL = "zettle-1|stock";

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final FakeTime clock = new FakeTime();
    private final MongoPollSchedule a = new MongoPollSchedule(client.getDatabase("test"), clock, "a");
    private final MongoPollSchedule b = new MongoPollSchedule(client.getDatabase("test"), clock, "b");

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aPollSeenForTheFirstTimeIsDueOneIntervalLater() {
        assertThat(a.due(Map.of(POLL, INTERVAL))).isEmpty();

        clock.advance(INTERVAL.minusMillis(1));
        assertThat(a.due(Map.of(POLL, INTERVAL))).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(a.due(Map.of(POLL, INTERVAL))).containsExactly(POLL);
    }

    @Test
    void ofTwoInstancesOnlyOneRunsADuePoll() {
        a.due(Map.of(POLL, INTERVAL));
        clock.advance(INTERVAL);
        assertThat(b.due(Map.of(POLL, INTERVAL))).containsExactly(POLL);

        assertThat(a.claim(POLL, INTERVAL, LEASE)).isTrue();
        assertThat(b.claim(POLL, INTERVAL, LEASE)).isFalse();
        assertThat(b.due(Map.of(POLL, INTERVAL))).isEmpty();
    }

    @Test
    void theIntervalCountsFromTheLastRunWhereverItRan() {
        a.due(Map.of(POLL, INTERVAL));
        clock.advance(INTERVAL);
        assertThat(a.claim(POLL, INTERVAL, LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        a.release(POLL);

        clock.advance(Duration.ofSeconds(7));
        assertThat(b.due(Map.of(POLL, INTERVAL))).isEmpty();
        assertThat(b.claim(POLL, INTERVAL, LEASE)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.due(Map.of(POLL, INTERVAL))).containsExactly(POLL);
        assertThat(b.claim(POLL, INTERVAL, LEASE)).isTrue();
    }

    @Test
    void aRunThatNeverEndsBlocksThePollOnlyUntilItsLeaseRunsOut() {
        a.due(Map.of(POLL, INTERVAL));
        clock.advance(INTERVAL);
        assertThat(a.claim(POLL, INTERVAL, LEASE)).isTrue();

        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.due(Map.of(POLL, INTERVAL))).isEmpty();
        assertThat(b.claim(POLL, INTERVAL, LEASE)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.due(Map.of(POLL, INTERVAL))).containsExactly(POLL);
        assertThat(b.claim(POLL, INTERVAL, LEASE)).isTrue();
    }

    @Test
    void aShorterIntervalMakesAPollDueSooner() {
        a.due(Map.of(POLL, Duration.ofMinutes(5)));
        clock.advance(INTERVAL);

        assertThat(a.due(Map.of(POLL, Duration.ofMinutes(5)))).isEmpty();
        assertThat(a.due(Map.of(POLL, INTERVAL))).containsExactly(POLL);
    }
}

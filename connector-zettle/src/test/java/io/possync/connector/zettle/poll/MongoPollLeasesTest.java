package io.possync.connector.zettle.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

class MongoPollLeasesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(10);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoPollLeases leases = new MongoPollLeases(client.getDatabase("test"));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aFreeLeaseIsTakenAndThenRefusedToOthersUntilItRunsOut() {
        assertThat(leases.tryTake("zettle-1|stock", "a", NOW, TTL)).isTrue();

        assertThat(leases.tryTake("zettle-1|stock", "b", NOW.plusSeconds(60), TTL)).isFalse();
        assertThat(leases.tryTake("zettle-1|stock", "b", NOW.plus(TTL).minusMillis(1), TTL)).isFalse();
        assertThat(leases.tryTake("zettle-1|stock", "b", NOW.plus(TTL), TTL)).isTrue();
        assertThat(leases.tryTake("zettle-1|stock", "a", NOW.plus(TTL).plusSeconds(1), TTL)).isFalse();
    }

    @Test
    void theHolderRenewsItsLeaseSoNoOneTakesItOver() {
        assertThat(leases.tryTake("zettle-1|stock", "a", NOW, TTL)).isTrue();
        assertThat(leases.tryTake("zettle-1|stock", "a", NOW.plus(TTL).minusSeconds(1), TTL)).isTrue();

        assertThat(leases.tryTake("zettle-1|stock", "b", NOW.plus(TTL).plusSeconds(1), TTL)).isFalse();
    }

    @Test
    void leasesOfDifferentConnectionsAreIndependent() {
        assertThat(leases.tryTake("zettle-1|stock", "a", NOW, TTL)).isTrue();

        assertThat(leases.tryTake("zettle-2|stock", "b", NOW, TTL)).isTrue();
    }
}

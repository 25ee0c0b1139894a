package io.possync.connector.zettle.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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
import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.connector.zettle.command.MongoZettleRequests.State;
import io.possync.connector.zettle.command.MongoZettleRequests.StoredRequest;
import io.possync.connector.zettle.mapping.ZettleVariantRef;

class MongoZettleRequestsTest {

    private static final ZettleVariantRef SHIRT = new ZettleVariantRef("p-1", "v-1");
    private static final ZettleVariantRef CAP = new ZettleVariantRef("p-2", "v-2");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoZettleRequests requests = new MongoZettleRequests(client.getDatabase("test"),
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anEchoedBatchIdentifierNamesTheCommandsThatMovedEachVariant() {
        List<String> commands = List.of("c-shirt-1", "c-cap", "c-shirt-2");
        String identifier = ZettleCommandBatcher.identifier(commands);
        requests.store(new StoredRequest(identifier, "zettle-1", commands,
                List.of(move(SHIRT, 1), move(CAP, 2), move(SHIRT, 3)), State.APPLIED));

        Map<ZettleVariantRef, List<String>> ours = requests.commandsByVariant(identifier, "zettle-1");

        assertThat(ours).containsOnlyKeys(SHIRT, CAP);
        assertThat(ours.get(SHIRT)).containsExactly("c-shirt-1", "c-shirt-2");
        assertThat(ours.get(CAP)).containsExactly("c-cap");
    }

    @Test
    void aSingleCommandRequestIsIdentifiedByTheCommandIdItself() {
        requests.store(new StoredRequest(ZettleCommandBatcher.identifier(List.of("c-1")), "zettle-1",
                List.of("c-1"), List.of(move(SHIRT, 1)), State.APPLIED));

        assertThat(requests.commandsByVariant("c-1", "zettle-1")).containsExactly(Map.entry(SHIRT, List.of("c-1")));
    }

    @Test
    void anIdentifierThatIsNotOneOfOurRequestsOfTheConnectionNamesNoCommand() {
        requests.store(new StoredRequest("c-1", "zettle-1", List.of("c-1"), List.of(move(SHIRT, 1)),
                State.APPLIED));

        assertThat(requests.commandsByVariant("pos-sale-identifier", "zettle-1")).isEmpty();
        assertThat(requests.commandsByVariant("c-1", "zettle-2")).isEmpty();
    }

    private static Movement move(ZettleVariantRef variant, int change) {
        return new Movement(variant.productUuid(), variant.variantUuid(), "store", "sold", change);
    }
}

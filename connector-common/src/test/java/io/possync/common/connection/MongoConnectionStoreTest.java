package io.possync.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.possync.schemas.avro.SystemKind;

class MongoConnectionStoreTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoConnectionStore store = new MongoConnectionStore(client.getDatabase("test"),
            new SecretCipher(Base64.getEncoder().encodeToString(new byte[32])), Clock.systemUTC(), Duration.ZERO);

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void findBySystemListsOnlyThatSystemsConnectionsWithTheirSecretsReadable() {
        store.save(connection("z1", SystemKind.ZETTLE)).block();
        store.save(connection("s1", SystemKind.SHOPIFY)).block();
        store.save(connection("z2", SystemKind.ZETTLE)).block();

        assertThat(store.findBySystem(SystemKind.ZETTLE).collectList().block())
                .extracting(Connection::id).containsExactlyInAnyOrder("z1", "z2");
        assertThat(store.findBySystem(SystemKind.ZETTLE).blockFirst().credential("apiKey")).isEqualTo("key");
        assertThat(store.findBySystem(SystemKind.WOOCOMMERCE).collectList().block()).isEmpty();
    }

    private static Connection connection(String id, SystemKind system) {
        return new Connection(id, "tenant", system, null, Map.of("apiKey", "key"), null, null, null);
    }
}

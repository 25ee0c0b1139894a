package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import reactor.core.publisher.Mono;

/**
 * The local run's Mongo data file (H2, as {@link LocalInfrastructure} opens it): each run starts on empty
 * data, as the broker and the simulators do, and the previous run's file stays on disk until then.
 */
class LocalPlatformTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void aRunStartsOnEmptyDataAndThePreviousRunsFileStaysUntilThen() throws IOException {
        Path previousRun = LocalPlatform.freshMongoFile(dataDir);
        withLedger(previousRun, ledger -> Mono.from(ledger.insertOne(new Document("_id", "demo|stock|MUG-BLUE"))));
        Files.writeString(dataDir.resolve("notes.txt"), "kept");

        assertThat(previousRun).exists();
        assertThat(documentsIn(previousRun)).isOne();

        Path nextRun = LocalPlatform.freshMongoFile(dataDir);

        assertThat(nextRun).isEqualTo(dataDir.resolve(LocalPlatform.MONGO_FILE)).isEqualTo(previousRun)
                .doesNotExist();
        assertThat(documentsIn(nextRun)).isZero();
        assertThat(dataDir.resolve("notes.txt")).hasContent("kept");
    }

    @Test
    void aFirstRunNeedsNoDataDirectoryYet() throws IOException {
        Path absent = dataDir.resolve("local-data");

        assertThat(LocalPlatform.freshMongoFile(absent)).isEqualTo(absent.resolve(LocalPlatform.MONGO_FILE))
                .doesNotExist();
    }

    private long documentsIn(Path mongoFile) {
        return withLedger(mongoFile, ledger -> Mono.from(ledger.countDocuments()));
    }

    /** Opens the file as the local run does, serves it over the wire, and closes it again. */
    private static <T> T withLedger(Path mongoFile, Function<MongoCollection<Document>, Mono<T>> use) {
        MongoServer server = new MongoServer(new H2Backend(mongoFile.toAbsolutePath().toString()));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            return use.apply(client.getDatabase("possync").getCollection("stock_ledger")).block(TIMEOUT);
        } finally {
            server.shutdownNow();
        }
    }
}

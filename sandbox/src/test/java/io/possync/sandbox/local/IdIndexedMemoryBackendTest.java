package io.possync.sandbox.local;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Queries naming an exact _id among other conditions keep MongoDB's meaning when served by the _id index. */
class IdIndexedMemoryBackendTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> ledger;

    @BeforeEach
    void start() {
        server = new MongoServer(new IdIndexedMemoryBackend());
        client = MongoClients.create("mongodb://" + hostAndPort(server.bind()));
        ledger = client.getDatabase("test").getCollection("ledger");
        Flux.from(ledger.insertMany(List.of(new Document("_id", "a").append("version", 1L).append("level", 5L),
                new Document("_id", "b").append("version", 7L).append("level", 9L)))).blockLast(TIMEOUT);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void compareAndSetUpdatesOnlyTheDocumentWithTheExpectedVersion() {
        long stale = Mono.from(ledger.updateOne(and(eq("_id", "a"), eq("version", 0L)),
                Updates.combine(Updates.set("level", 1L), Updates.inc("version", 1L)))).block(TIMEOUT).getModifiedCount();
        long current = Mono.from(ledger.updateOne(and(eq("_id", "a"), eq("version", 1L)),
                Updates.combine(Updates.set("level", 4L), Updates.inc("version", 1L)))).block(TIMEOUT).getModifiedCount();

        assertThat(stale).isZero();
        assertThat(current).isOne();
        assertThat(Mono.from(ledger.find(eq("_id", "a")).first()).block(TIMEOUT))
                .containsEntry("level", 4L).containsEntry("version", 2L);
        assertThat(Mono.from(ledger.find(eq("_id", "b")).first()).block(TIMEOUT))
                .containsEntry("level", 9L).containsEntry("version", 7L);
    }

    @Test
    void findByIdAndAnotherConditionMatchesBoth() {
        assertThat(Flux.from(ledger.find(and(eq("_id", "b"), eq("level", 9L)))).collectList().block(TIMEOUT))
                .extracting(d -> d.getString("_id")).containsExactly("b");
        assertThat(Flux.from(ledger.find(and(eq("_id", "b"), eq("level", 5L)))).collectList().block(TIMEOUT))
                .isEmpty();
        assertThat(Flux.from(ledger.find(and(eq("_id", "missing"), eq("level", 5L)))).collectList().block(TIMEOUT))
                .isEmpty();
    }

    @Test
    void idsInAListMatchEachNamedDocumentOnce() {
        long marked = Mono.from(ledger.updateMany(in("_id", List.of("a", "b", "a", "missing")),
                Updates.set("marked", true))).block(TIMEOUT).getModifiedCount();

        assertThat(marked).isEqualTo(2);
        assertThat(Flux.from(ledger.find(and(in("_id", List.of("a", "b")), eq("level", 9L)))).collectList()
                .block(TIMEOUT)).extracting(d -> d.getString("_id")).containsExactly("b");
    }

    @Test
    void anAndOfOnlyIdsMatchesTheNamedDocuments() {
        assertThat(Flux.from(ledger.find(and(in("_id", List.of("b", "missing"))))).collectList().block(TIMEOUT))
                .extracting(d -> d.getString("_id")).containsExactly("b");
        assertThat(Flux.from(ledger.find(and(eq("_id", "a"), in("_id", List.of("a", "b"))))).collectList()
                .block(TIMEOUT)).extracting(d -> d.getString("_id")).containsExactly("a");
        assertThat(Flux.from(ledger.find(and(eq("_id", "a"), in("_id", List.of("b"))))).collectList()
                .block(TIMEOUT)).isEmpty();
    }

    @Test
    void anIdInsideAnAndWithAnOrMatchesLikeMongo() {
        var query = and(eq("_id", "a"), or(exists("knownAt", false), lte("knownAt", 3L)));
        assertThat(Flux.from(ledger.find(query)).collectList().block(TIMEOUT))
                .extracting(d -> d.getString("_id")).containsExactly("a");
        Mono.from(ledger.updateOne(eq("_id", "a"), Updates.set("knownAt", 5L))).block(TIMEOUT);
        assertThat(Flux.from(ledger.find(query)).collectList().block(TIMEOUT)).isEmpty();
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}

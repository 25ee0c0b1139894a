package io.possync.engine.synclog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.engine.rule.Outcome;
import io.possync.engine.rule.SyncLogEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code sync_log} collection: one entry per decision, kept for a limited time (TTL index on
 * {@code at}). Entries of commands have the command id as {@code _id}, so a connector's result
 * finds its entry by key.
 */
public class MongoSyncLog {

    public static final String COLLECTION = "sync_log";
    private static final Logger log = LoggerFactory.getLogger(MongoSyncLog.class);
    private static final String TTL_INDEX = "retention";
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    /** What {@link #recordResults} reads back: a result is routed by its entry, and needs no more of it. */
    private static final Bson ROUTING = Projections.include("tenantId", "flowId", "decision", "subject",
            "ledgerKey", "stockLedgerKey");

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoSyncLog(MongoDatabase database, Clock clock) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Mono<Void> ensureIndexes(Duration retention) {
        return Mono.from(collection.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"),
                        Indexes.descending("at")), new IndexOptions().name("tenant_at")))
                .then(Mono.from(collection.createIndex(Indexes.ascending("commandId"),
                        new IndexOptions().name("command"))))
                .then(Mono.from(collection.createIndex(Indexes.ascending("at"),
                        new IndexOptions().name(TTL_INDEX).expireAfter(retention.toSeconds(), TimeUnit.SECONDS))))
                .then()
                .onErrorResume(e -> e instanceof MongoCommandException c && c.getErrorCode() == INDEX_OPTIONS_CONFLICT,
                        e -> changeRetention(retention).then());
    }

    /** An existing TTL index keeps its old expiry unless changed with collMod. */
    private Mono<Document> changeRetention(Duration retention) {
        log.info("changing sync-log retention to {}", retention);
        return Mono.from(database.runCommand(new Document("collMod", COLLECTION).append("index",
                new Document("name", TTL_INDEX).append("expireAfterSeconds", retention.toSeconds()))));
    }

    /**
     * Writes the entries in one round trip. An entry is only ever inserted: one whose id exists already (a
     * redelivered event decided again into the identical entry) is left as it is, so a repeat never resets
     * an outcome a connector reported meanwhile.
     */
    public Mono<Void> write(List<SyncLogEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        Date at = Date.from(clock.instant());
        List<Document> documents = entries.stream().map(entry -> toDocument(entry, at)).toList();
        return Mono.from(collection.insertMany(documents, new InsertManyOptions().ordered(false)))
                .onErrorResume(MongoSyncLog::onlyExistingEntries, e -> Mono.empty())
                .then();
    }

    private static boolean onlyExistingEntries(Throwable e) {
        return e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                && bulk.getWriteErrors().stream()
                .allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    /** A connector's result, to record on the entry of its command ({@link #recordResults}). */
    public record Result(String commandId, Outcome outcome, String reason, int attempts) {
    }

    /**
     * Records connectors' results on the entries of their commands: one bulk update and one read by
     * {@code _id}, whatever the number. Emits the fields of the updated entries that route a result
     * ({@link #ROUTING}) by command id; a result whose entry does not exist (yet) has none.
     */
    public Mono<Map<String, Document>> recordResults(List<Result> results) {
        if (results.isEmpty()) {
            return Mono.just(Map.of());
        }
        Date now = Date.from(clock.instant());
        List<UpdateOneModel<Document>> writes = new ArrayList<>(results.size());
        for (Result result : results) {
            List<Bson> updates = new ArrayList<>(List.of(Updates.set("outcome", result.outcome().name()),
                    Updates.set("resultAt", now), Updates.set("attempts", result.attempts())));
            if (result.reason() != null) {
                updates.add(Updates.set("reason", result.reason()));
            }
            writes.add(new UpdateOneModel<>(eq("_id", result.commandId()), Updates.combine(updates)));
        }
        List<String> ids = results.stream().map(Result::commandId).distinct().toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .thenMany(Flux.from(collection.find(in("_id", ids)).projection(ROUTING)))
                .collectMap(doc -> doc.getString("_id"));
    }

    public Flux<Document> find(SyncLogQuery query) {
        List<Bson> filters = new ArrayList<>(List.of(eq("tenantId", query.tenantId())));
        if (query.correlationId() != null) {
            filters.add(eq("correlationId", query.correlationId()));
        }
        if (query.subject() != null) {
            filters.add(or(eq("subject.orderId", query.subject()), eq("subject.sku", query.subject())));
        }
        if (query.outcome() != null) {
            filters.add(eq("outcome", query.outcome().name()));
        }
        return Flux.from(collection.find(and(filters)).sort(Sorts.descending("at")).limit(query.limit()));
    }

    private static Document toDocument(SyncLogEntry entry, Date at) {
        SyncLogEntry.Subject subject = entry.subject();
        return new Document("_id", entry.id())
                .append("tenantId", entry.tenantId())
                .append("flowId", entry.flowId())
                .append("correlationId", entry.correlationId())
                .append("sourceEventId", entry.sourceEventId())
                .append("sourceConnectionId", entry.sourceConnectionId())
                .append("subject", new Document("orderId", subject.orderId()).append("sku", subject.sku())
                        .append("lineId", subject.lineId()))
                .append("decision", entry.decision().name())
                .append("commandId", entry.commandId())
                .append("targetConnectionId", entry.targetConnectionId())
                .append("outcome", entry.outcome().name())
                .append("reason", entry.reason())
                .append("ledgerKey", entry.ledgerKey())
                .append("stockLedgerKey", entry.stockLedgerKey())
                .append("at", at);
    }
}

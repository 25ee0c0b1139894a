package io.possync.gateway.delivery;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code webhook_deliveries} collection: one document per {@code connectionId|dedupeKey}, so that
 * each vendor event is published once however often it is delivered. Without transactions, the
 * unique {@code _id} is the lock: the request whose insert wins publishes; the others read the
 * document and answer "duplicate" (PUBLISHED) or "try later" (PENDING). A claimer that died leaves a
 * PENDING document behind, which is taken over by compare-and-set on {@code claimedAt} once it is
 * older than the claim timeout.
 *
 * <p>This is the gateway's hot path, so concurrent claims are sent as one unordered insert and
 * concurrent marks as one update ({@link Coalescer}); the unique {@code _id} still decides each
 * delivery on its own.
 */
public class MongoDeliveryClaims {

    public static final String COLLECTION = "webhook_deliveries";

    private static final Logger log = LoggerFactory.getLogger(MongoDeliveryClaims.class);
    private static final String STATE = "state";
    private static final String CLAIMED_AT = "claimedAt";
    private static final String RECEIVED_AT = "receivedAt";
    private static final String PENDING = "PENDING";
    private static final String PUBLISHED = "PUBLISHED";

    private static final int MAX_BATCH = 256;
    private static final int MAX_BATCHES_IN_FLIGHT = 4;

    private record ClaimRequest(String id, Document doc, Instant claimedAt) {
    }

    private record Mark(String id, Instant publishedAt) {
    }

    private final MongoCollection<Document> collection;
    private final Duration claimTimeout;
    private final Coalescer<ClaimRequest, Claim> claims =
            new Coalescer<>(this::claimAll, MAX_BATCH, MAX_BATCHES_IN_FLIGHT);
    private final Coalescer<Mark, Boolean> marks =
            new Coalescer<>(this::markAllPublished, MAX_BATCH, MAX_BATCHES_IN_FLIGHT);

    public MongoDeliveryClaims(MongoDatabase database, Duration claimTimeout) {
        this.collection = database.getCollection(COLLECTION);
        this.claimTimeout = claimTimeout;
    }

    /** Tries to become the one publisher of {@code id}; a fresh delivery costs (a share of) one insert. */
    public Mono<Claim> claim(String id, String connectionId, Instant now) {
        Instant claimedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Document doc = new Document("_id", id)
                .append(STATE, PENDING)
                .append(CLAIMED_AT, Date.from(claimedAt))
                .append(RECEIVED_AT, Date.from(claimedAt))
                .append("connectionId", connectionId);
        return claims.submit(new ClaimRequest(id, doc, claimedAt));
    }

    public Mono<Void> markPublished(String id, Instant now) {
        return marks.submit(new Mark(id, now)).then();
    }

    /** One unordered insert for all claims: each document succeeds or fails (duplicate key) on its own. */
    private Mono<List<Claim>> claimAll(List<ClaimRequest> requests) {
        return Mono.from(collection.insertMany(requests.stream().map(ClaimRequest::doc).toList(),
                        new InsertManyOptions().ordered(false)))
                .map(r -> requests.stream().map(req -> Claim.acquired(req.claimedAt())).toList())
                .onErrorResume(MongoBulkWriteException.class, e -> resolveDuplicates(requests, e));
    }

    private Mono<List<Claim>> resolveDuplicates(List<ClaimRequest> requests, MongoBulkWriteException e) {
        Map<Integer, BulkWriteError> failed = e.getWriteErrors().stream()
                .collect(Collectors.toMap(BulkWriteError::getIndex, Function.identity()));
        if (failed.values().stream().anyMatch(err -> err.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
            return Mono.error(e);
        }
        return Flux.range(0, requests.size())
                .concatMap(i -> failed.containsKey(i)
                        ? existing(requests.get(i).id(), requests.get(i).claimedAt())
                        : Mono.just(Claim.acquired(requests.get(i).claimedAt())))
                .collectList();
    }

    /** One update for all marks; the batch's latest publish time stands for all (they are milliseconds apart). */
    private Mono<List<Boolean>> markAllPublished(List<Mark> batch) {
        Instant publishedAt = batch.stream().map(Mark::publishedAt).max(Instant::compareTo).orElseThrow();
        return Mono.from(collection.updateMany(in("_id", batch.stream().map(Mark::id).toList()),
                        combine(set(STATE, PUBLISHED), set("publishedAt", Date.from(publishedAt)))))
                .map(r -> batch.stream().map(m -> Boolean.TRUE).toList());
    }

    /** Gives a claim up after a failed publish, so the vendor's retry is not mistaken for a duplicate. */
    public Mono<Void> release(String id, Instant claimedAt) {
        return Mono.from(collection.deleteOne(and(eq("_id", id), eq(STATE, PENDING),
                eq(CLAIMED_AT, Date.from(claimedAt))))).then();
    }

    /**
     * Retention of dedupe records. TTL expiry is done by MongoDB (mongo-java-server accepts the index
     * but never expires anything, which only matters for disk use in local runs).
     */
    public Mono<Void> ensureIndexes(Duration retention) {
        return Mono.from(collection.createIndex(Indexes.ascending(RECEIVED_AT),
                        new IndexOptions().name("receivedAt_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS)))
                .doOnNext(name -> log.info("dedupe records in {} expire {} after receipt", COLLECTION, retention))
                .then()
                .onErrorResume(e -> {
                    log.warn("could not create the retention index on {}; dedupe records will not expire", COLLECTION, e);
                    return Mono.empty();
                });
    }

    private Mono<Claim> existing(String id, Instant now) {
        return Mono.from(collection.find(eq("_id", id)).first())
                .map(doc -> decide(doc, now))
                .flatMap(claim -> claim.state() == Claim.State.STALE ? takeOver(id, claim.claimedAt(), now)
                        : Mono.just(claim))
                // the claim was released between our insert and our read: its publisher failed, and the
                // vendor will retry; asking it to come back later keeps this path free of loops
                .defaultIfEmpty(Claim.inProgress());
    }

    private Claim decide(Document doc, Instant now) {
        if (PUBLISHED.equals(doc.getString(STATE))) {
            return Claim.published();
        }
        Instant claimedAt = doc.getDate(CLAIMED_AT).toInstant();
        return claimedAt.plus(claimTimeout).isAfter(now) ? Claim.inProgress() : Claim.stale(claimedAt);
    }

    private Mono<Claim> takeOver(String id, Instant staleClaimedAt, Instant now) {
        return Mono.from(collection.findOneAndUpdate(
                        and(eq("_id", id), eq(STATE, PENDING), eq(CLAIMED_AT, Date.from(staleClaimedAt))),
                        set(CLAIMED_AT, Date.from(now))))
                .doOnNext(d -> log.warn("took over stale claim {} from {}", id, staleClaimedAt))
                .map(d -> Claim.acquired(now))
                .defaultIfEmpty(Claim.inProgress());
    }

    /** Outcome of a claim attempt; {@code claimedAt} identifies an acquired or stale claim for compare-and-set. */
    public record Claim(State state, Instant claimedAt) {

        public enum State { ACQUIRED, PUBLISHED, IN_PROGRESS, STALE }

        static Claim acquired(Instant claimedAt) {
            return new Claim(State.ACQUIRED, claimedAt);
        }

        static Claim published() {
            return new Claim(State.PUBLISHED, null);
        }

        static Claim inProgress() {
            return new Claim(State.IN_PROGRESS, null);
        }

        static Claim stale(Instant claimedAt) {
            return new Claim(State.STALE, claimedAt);
        }
    }
}

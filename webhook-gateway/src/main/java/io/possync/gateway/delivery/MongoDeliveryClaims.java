package io.possync.gateway.delivery;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * The {@code webhook_deliveries} collection: one document per {@code connectionId|dedupeKey}, so that
 * each vendor event is published once however often it is delivered. Without transactions, the
 * unique {@code _id} is the lock: the request whose insert wins publishes; the others read the
 * document and answer "duplicate" (PUBLISHED) or "try later" (PENDING). A claimer that died leaves a
 * PENDING document behind, which is taken over by compare-and-set on {@code claimedAt} once it is
 * older than the claim timeout.
 */
public class MongoDeliveryClaims {

    public static final String COLLECTION = "webhook_deliveries";

    private static final Logger log = LoggerFactory.getLogger(MongoDeliveryClaims.class);
    private static final String STATE = "state";
    private static final String CLAIMED_AT = "claimedAt";
    private static final String RECEIVED_AT = "receivedAt";
    private static final String PENDING = "PENDING";
    private static final String PUBLISHED = "PUBLISHED";

    private final MongoCollection<Document> collection;
    private final Duration claimTimeout;

    public MongoDeliveryClaims(MongoDatabase database, Duration claimTimeout) {
        this.collection = database.getCollection(COLLECTION);
        this.claimTimeout = claimTimeout;
    }

    /** Tries to become the one publisher of {@code id}; a fresh delivery costs one insert. */
    public Mono<Claim> claim(String id, String connectionId, Instant now) {
        Instant claimedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Document doc = new Document("_id", id)
                .append(STATE, PENDING)
                .append(CLAIMED_AT, Date.from(claimedAt))
                .append(RECEIVED_AT, Date.from(claimedAt))
                .append("connectionId", connectionId);
        return Mono.from(collection.insertOne(doc))
                .map(r -> Claim.acquired(claimedAt))
                .onErrorResume(MongoDeliveryClaims::isDuplicateKey, e -> existing(id, claimedAt));
    }

    public Mono<Void> markPublished(String id, Instant now) {
        return Mono.from(collection.updateOne(eq("_id", id),
                combine(set(STATE, PUBLISHED), set("publishedAt", Date.from(now))))).then();
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

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
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

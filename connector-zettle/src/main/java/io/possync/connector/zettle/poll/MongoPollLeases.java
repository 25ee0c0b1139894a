package io.possync.connector.zettle.poll;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * Who polls what: one document per polled thing in {@code poll_leases} ({@code _id}, {@code owner},
 * {@code until}), taken by compare-and-set. The architecture wants pollers assigned by Kafka group
 * membership (poll ticks keyed by connection); until those ticks exist, a lease makes sure that only
 * one of several connector instances polls a connection, and that another takes over when it is gone.
 */
public class MongoPollLeases {

    public static final String COLLECTION = "poll_leases";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;

    public MongoPollLeases(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /**
     * Takes or renews the lease until {@code now + ttl} when it is free, expired or already
     * {@code owner}'s. A lease held by another owner matches nothing, so the upsert tries to insert a
     * second document with the same {@code _id}, which the unique {@code _id} index refuses: that
     * refusal is the "no" of the compare-and-set.
     */
    public boolean tryTake(String leaseId, String owner, Instant now, Duration ttl) {
        try {
            Mono.from(collection.updateOne(
                    and(eq("_id", leaseId), or(eq("owner", owner), lte("until", Date.from(now)))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("until", Date.from(now.plus(ttl)))),
                    new UpdateOptions().upsert(true))).block(TIMEOUT);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}

package io.possync.connector.woocommerce.poll;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * One poller per store at a time, across instances: a lease document per poll in {@code poll_leases}
 * ({@code _id = connectionId|orders, owner, until}), taken by compare-and-set. The update matches only
 * a lease that is free (expired) or already ours; with upsert, a lease held by another instance makes
 * the insert collide on {@code _id} (E11000), which means "not ours". A single-document CAS needs no
 * transaction and works on mongo-java-server too. (The architecture's long-term answer is poll ticks
 * assigned by Kafka group membership; a lease is the simplest correct thing until those exist.)
 */
public class MongoPollLeases {

    public static final String COLLECTION = "poll_leases";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final String owner;

    public MongoPollLeases(MongoDatabase database, Clock clock, String owner) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
        this.owner = owner;
    }

    /** Takes or renews the lease for {@code ttl}; false when another instance holds it. */
    public boolean tryAcquire(String leaseId, Duration ttl) {
        Date now = Date.from(clock.instant());
        try {
            Document lease = Mono.from(collection.findOneAndUpdate(
                    and(eq("_id", leaseId), or(eq("owner", owner), lt("until", now))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("until", Date.from(clock.instant().plus(ttl)))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))).block(TIMEOUT);
            return lease != null && owner.equals(lease.getString("owner"));
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        } catch (com.mongodb.MongoCommandException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Gives the lease up early (shutdown), so another instance need not wait for it to expire. */
    public void release(String leaseId) {
        Mono.from(collection.updateOne(and(eq("_id", leaseId), eq("owner", owner)),
                Updates.set("until", Date.from(clock.instant())))).block(TIMEOUT);
    }

    public String owner() {
        return owner;
    }
}

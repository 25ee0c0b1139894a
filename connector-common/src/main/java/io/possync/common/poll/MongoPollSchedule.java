package io.possync.common.poll;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When each poll last ran and who runs it now, shared by every connector instance: one document per
 * poll in {@code poll_schedule} ({@code _id = connectionId|poll}, {@code lastPolledAt}, {@code owner},
 * {@code until}). A poll is claimed by compare-and-set on "due and not running", so of several replicas
 * exactly one runs each due poll, and the interval counts from the last run wherever it ran. The
 * architecture's long-term answer is poll ticks assigned by Kafka group membership; a single-document
 * CAS needs no transaction and works on mongo-java-server too.
 */
public class MongoPollSchedule {

    public static final String COLLECTION = "poll_schedule";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final String owner;

    /** @param owner this instance's name on claimed polls */
    public MongoPollSchedule(MongoDatabase database, Clock clock, String owner) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * The polls among {@code intervals} (poll id → interval) whose interval has elapsed and which nobody
     * runs: one read for all of them. A poll seen for the first time is scheduled one interval from now
     * rather than run at once, so a starting fleet does not poll every account in the same second.
     */
    public List<String> due(Map<String, Duration> intervals) {
        if (intervals.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<String, Document> known = new HashMap<>();
        Flux.from(collection.find(in("_id", intervals.keySet()))).collectList().blockOptional(TIMEOUT)
                .orElse(List.of()).forEach(doc -> known.put(doc.getString("_id"), doc));
        List<String> due = new ArrayList<>();
        List<WriteModel<Document>> unseen = new ArrayList<>();
        intervals.forEach((pollId, interval) -> {
            Document doc = known.get(pollId);
            Date last = doc == null ? null : doc.getDate("lastPolledAt");
            Date until = doc == null ? null : doc.getDate("until");
            if (last == null) {
                unseen.add(new UpdateOneModel<>(eq("_id", pollId), Updates.setOnInsert("lastPolledAt", Date.from(now)),
                        new UpdateOptions().upsert(true)));
            } else if (!last.toInstant().plus(interval).isAfter(now) && (until == null || !until.toInstant().isAfter(now))) {
                due.add(pollId);
            }
        });
        if (!unseen.isEmpty()) {
            Mono.from(collection.bulkWrite(unseen, new BulkWriteOptions().ordered(false))).block(TIMEOUT);
        }
        return due;
    }

    /**
     * Claims a due poll for {@code lease} (the longest a run may take before another instance may
     * start it again); false when it is not due or another instance claimed it first.
     */
    public boolean claim(String pollId, Duration interval, Duration lease) {
        Instant now = clock.instant();
        Date nowDate = Date.from(now);
        long claimed = Mono.from(collection.updateOne(
                and(eq("_id", pollId), lte("lastPolledAt", Date.from(now.minus(interval))),
                        or(exists("until", false), lte("until", nowDate))),
                Updates.combine(Updates.set("lastPolledAt", nowDate), Updates.set("owner", owner),
                        Updates.set("until", Date.from(now.plus(lease))))))
                .blockOptional(TIMEOUT).map(r -> r.getModifiedCount()).orElse(0L);
        return claimed == 1;
    }

    /** Ends this instance's run of a poll; its next run is due one interval after it started. */
    public void release(String pollId) {
        Mono.from(collection.updateOne(and(eq("_id", pollId), eq("owner", owner)),
                Updates.set("until", Date.from(clock.instant())))).block(TIMEOUT);
    }

    public String owner() {
        return owner;
    }
}

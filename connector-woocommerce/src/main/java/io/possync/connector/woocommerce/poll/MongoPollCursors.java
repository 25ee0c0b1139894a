package io.possync.connector.woocommerce.poll;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * Poll watermarks in {@code poll_cursors} ({@code _id = connectionId|orders}): the newest
 * {@code date_modified_gmt} whose events are acknowledged. A watermark only moves forward.
 */
public class MongoPollCursors {

    public static final String COLLECTION = "poll_cursors";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoPollCursors(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Optional<Instant> watermark(String cursorId) {
        Document doc = Mono.from(collection.find(eq("_id", cursorId)).first()).block(TIMEOUT);
        return Optional.ofNullable(doc == null ? null : doc.getDate("watermark")).map(Date::toInstant);
    }

    public void advance(String cursorId, Instant watermark) {
        Mono.from(collection.updateOne(eq("_id", cursorId), Updates.combine(
                Updates.max("watermark", Date.from(watermark)), Updates.set("updatedAt", Date.from(clock.instant()))),
                new UpdateOptions().upsert(true))).block(TIMEOUT);
    }
}

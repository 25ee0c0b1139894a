package io.possync.connector.zettle.command;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * The {@code applied_commands} collection ({@code _id = commandId}): commands whose movement Zettle
 * accepted. A redelivered command found here is answered ALREADY_APPLIED without a second movement.
 *
 * <p>Whether Zettle itself dedupes movements on {@code identifier} is unconfirmed, so this record is
 * what we rely on. The gap between Zettle's 2xx and this insert (a crash there) is covered only if
 * Zettle does dedupe, which is why the command id is always sent as the identifier.
 */
public class MongoAppliedCommands {

    public static final String COLLECTION = "applied_commands";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoAppliedCommands(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public boolean contains(String commandId) {
        return Mono.from(collection.find(eq("_id", commandId)).projection(Projections.include("_id")).first())
                .blockOptional(TIMEOUT).isPresent();
    }

    public void record(String commandId, String connectionId, Map<String, String> details) {
        Document doc = new Document("_id", commandId)
                .append("connectionId", connectionId)
                .append("system", "zettle")
                .append("details", new Document(Map.copyOf(details)))
                .append("appliedAt", Date.from(clock.instant()));
        try {
            Mono.from(collection.insertOne(doc)).block(TIMEOUT);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}

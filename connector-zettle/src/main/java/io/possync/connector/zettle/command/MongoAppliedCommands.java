package io.possync.connector.zettle.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.bulk.BulkWriteResult;
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
 * The {@code applied_commands} collection ({@code _id = commandId}). Before a movement request is
 * sent, each of its commands gets an intent ({@code state: SENDING, request: <identifier>}); once
 * Zettle accepted the request they become {@code APPLIED}. Only APPLIED (and documents written before
 * intents existed, which have no state) count as applied; an intent says which stored request in
 * {@link MongoZettleRequests} must be re-sent unchanged if we crashed before recording the outcome.
 * Blocking: listener threads only.
 */
public class MongoAppliedCommands {

    public static final String COLLECTION = "applied_commands";
    static final String SENDING = "SENDING";
    static final String APPLIED = "APPLIED";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What is known about one command: applied, or meant to be applied by {@code request}. */
    public record Entry(String commandId, boolean applied, String request) {
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoAppliedCommands(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** One query for a whole batch; commands never seen are absent from the answer. */
    public Map<String, Entry> find(Collection<String> commandIds) {
        Map<String, Entry> found = new HashMap<>();
        if (commandIds.isEmpty()) {
            return found;
        }
        Flux.from(collection.find(in("_id", commandIds))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> found.put(doc.getString("_id"), new Entry(doc.getString("_id"),
                        !SENDING.equals(doc.getString("state")), doc.getString("request"))));
        return found;
    }

    /**
     * Records the intent to apply each move with {@code request}: inserted when the command has no
     * document yet, or taken over from the request named in {@code previous} (one Zettle refused or
     * that was never sent). Answers false when another request holds one of them (a concurrent
     * delivery of the same command): then nothing must be sent.
     */
    public boolean claim(String connectionId, String request, List<PlannedMove> moves, Map<String, String> previous,
                         int movementCount) {
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> writes = new ArrayList<>(moves.size());
        for (PlannedMove move : moves) {
            Document details = new Document(ZettleResults.details(move, request, movementCount));
            String before = previous.get(move.commandId());
            if (before == null) {
                writes.add(new UpdateOneModel<>(eq("_id", move.commandId()), Updates.combine(
                        Updates.setOnInsert("connectionId", connectionId), Updates.setOnInsert("system", "zettle"),
                        Updates.setOnInsert("state", SENDING), Updates.setOnInsert("request", request),
                        Updates.setOnInsert("details", details), Updates.setOnInsert("claimedAt", now)),
                        new UpdateOptions().upsert(true)));
            } else {
                writes.add(new UpdateOneModel<>(and(eq("_id", move.commandId()), eq("request", before)),
                        Updates.combine(Updates.set("connectionId", connectionId), Updates.set("system", "zettle"),
                                Updates.set("state", SENDING), Updates.set("request", request),
                                Updates.set("details", details), Updates.set("claimedAt", now))));
            }
        }
        BulkWriteResult result = Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(TIMEOUT);
        // an insert-if-absent that found a document modifies nothing, a take-over that found another request matches nothing
        return result != null && result.getUpserts().size() + result.getModifiedCount() == moves.size();
    }

    /** Marks the commands of an accepted request applied; commands another request took over stay as they are. */
    public void markApplied(Collection<String> commandIds, String request) {
        Bson mine = and(in("_id", commandIds), eq("request", request));
        Mono.from(collection.updateMany(mine, Updates.combine(Updates.set("state", APPLIED),
                Updates.set("appliedAt", Date.from(clock.instant()))))).block(TIMEOUT);
    }
}

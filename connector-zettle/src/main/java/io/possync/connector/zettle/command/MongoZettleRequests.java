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

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.connector.zettle.mapping.ZettleVariantRef;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code zettle_requests} collection ({@code _id = identifier}): every movement request exactly as
 * it is (or was) sent, stored before it is sent. A crash between Zettle's 2xx and our record of it
 * leaves the request SENDING; the redelivered commands then re-send this very body with this very
 * identifier instead of forming a different request. That is safe only if Zettle dedupes on
 * {@code identifier} (UNCONFIRMED); we rely on it for that crash window alone, as before batching.
 * Blocking: listener threads only.
 */
public class MongoZettleRequests {

    public static final String COLLECTION = "zettle_requests";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** SENDING until Zettle answered: APPLIED, REJECTED (4xx, nothing applied), PARKED (outcome unknown), ABANDONED (never sent). */
    public enum State { SENDING, APPLIED, REJECTED, PARKED, ABANDONED }

    /** A movement request; {@code movements.get(i)} belongs to {@code commandIds.get(i)}. */
    public record StoredRequest(String identifier, String connectionId, List<String> commandIds,
                                List<Movement> movements, State state) {

        public StoredRequest {
            commandIds = List.copyOf(commandIds);
            movements = List.copyOf(movements);
        }
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoZettleRequests(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** Stores (or replaces, for a request formed again after it was refused) the request before it is sent. */
    public void store(StoredRequest request) {
        List<Document> movements = request.movements().stream().map(m -> new Document("productUuid", m.productUuid())
                .append("variantUuid", m.variantUuid()).append("from", m.from()).append("to", m.to())
                .append("change", m.change())).toList();
        Document doc = new Document("_id", request.identifier())
                .append("connectionId", request.connectionId())
                .append("commandIds", request.commandIds())
                .append("body", new Document("movements", movements).append("identifier", request.identifier()))
                .append("state", request.state().name())
                .append("updatedAt", Date.from(clock.instant()));
        Mono.from(collection.replaceOne(eq("_id", request.identifier()), doc, new ReplaceOptions().upsert(true)))
                .block(TIMEOUT);
    }

    public Map<String, StoredRequest> find(Collection<String> identifiers) {
        Map<String, StoredRequest> found = new HashMap<>();
        Flux.from(collection.find(in("_id", identifiers))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> found.put(doc.getString("_id"), read(doc)));
        return found;
    }

    /**
     * The commands of ours behind an echoed movement request {@code identifier}, by the variant each
     * moved; empty when no request of {@code connectionId} has that identifier (a POS sale, a change
     * made in Zettle). The identifier is the command id for a request of one command and a name-based
     * UUID of the ordered command ids otherwise ({@link ZettleCommandBatcher#identifier}); either way
     * the stored request pairs {@code movements[i]} with {@code commandIds[i]}, which is the exact relation.
     */
    public Map<ZettleVariantRef, List<String>> commandsByVariant(String identifier, String connectionId) {
        Document doc = Mono.from(collection.find(and(eq("_id", identifier), eq("connectionId", connectionId)))
                .first()).block(TIMEOUT);
        if (doc == null) {
            return Map.of();
        }
        StoredRequest request = read(doc);
        Map<ZettleVariantRef, List<String>> commands = new HashMap<>();
        for (int i = 0; i < request.movements().size() && i < request.commandIds().size(); i++) {
            Movement movement = request.movements().get(i);
            commands.computeIfAbsent(new ZettleVariantRef(movement.productUuid(), movement.variantUuid()),
                    v -> new ArrayList<>()).add(request.commandIds().get(i));
        }
        return commands;
    }

    public void mark(String identifier, State state) {
        Mono.from(collection.updateOne(eq("_id", identifier), Updates.combine(Updates.set("state", state.name()),
                Updates.set("updatedAt", Date.from(clock.instant()))))).block(TIMEOUT);
    }

    private static StoredRequest read(Document doc) {
        Document body = doc.get("body", Document.class);
        List<Movement> movements = body.getList("movements", Document.class).stream()
                .map(m -> new Movement(m.getString("productUuid"), m.getString("variantUuid"), m.getString("from"),
                        m.getString("to"), m.getInteger("change")))
                .toList();
        return new StoredRequest(doc.getString("_id"), doc.getString("connectionId"),
                doc.getList("commandIds", String.class), movements, State.valueOf(doc.getString("state")));
    }
}

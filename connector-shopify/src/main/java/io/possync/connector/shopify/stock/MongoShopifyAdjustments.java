package io.possync.connector.shopify.stock;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code shopify_adjustments} collection ({@code _id = commandId}): our own record of the relative
 * changes sent to Shopify. Shopify's {@code @idempotent} key was seen not to be enforced (reference
 * note, pitfall 7), and a delta applied twice is a wrong level, so an adjustment recorded APPLIED is
 * never sent again. One recorded SENDING (we crashed between the call and its record) is sent again
 * with the same key: only that window relies on Shopify honouring the key. Blocking: listener threads only.
 */
public class MongoShopifyAdjustments {

    public static final String COLLECTION = "shopify_adjustments";
    static final String SENDING = "SENDING";
    static final String APPLIED = "APPLIED";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoShopifyAdjustments(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** The recorded state (SENDING or APPLIED) of each known command; one query for a batch. */
    public Map<String, String> states(Collection<String> commandIds) {
        Map<String, String> states = new HashMap<>();
        if (commandIds.isEmpty()) {
            return states;
        }
        Flux.from(collection.find(in("_id", commandIds))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> states.put(doc.getString("_id"), doc.getString("state")));
        return states;
    }

    /** Records the intent before the call (kept as it is when already there). */
    public void sending(String connectionId, String commandId, String sku, long delta) {
        Mono.from(collection.updateOne(eq("_id", commandId), Updates.combine(
                Updates.setOnInsert("connectionId", connectionId), Updates.setOnInsert("sku", sku),
                Updates.setOnInsert("delta", delta), Updates.setOnInsert("state", SENDING),
                Updates.setOnInsert("claimedAt", Date.from(clock.instant()))), new UpdateOptions().upsert(true)))
                .block(TIMEOUT);
    }

    public void applied(String commandId, Long levelAfter) {
        Mono.from(collection.updateOne(eq("_id", commandId), Updates.combine(Updates.set("state", APPLIED),
                Updates.set("levelAfter", levelAfter), Updates.set("appliedAt", Date.from(clock.instant())))))
                .block(TIMEOUT);
    }
}
